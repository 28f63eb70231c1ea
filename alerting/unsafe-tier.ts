/**
 * When a burn-rate tier cannot be trusted for an SLO's period. Kept apart from rule
 * resolution so that `faultline validate` and the engine's start-up checks judge tiers by
 * the same two rules.
 */

/** Why a tier is unsafe for a period. */
export type UnsafeTierReason =
  /** The long window spans the whole period or more: the tier reads data the budget no longer covers. */
  | 'long-window-not-shorter-than-period'
  /** At a factor of 1 or less the tier fires on an SLO that is on course to be met. */
  | 'factor-not-above-1';

/** A tier's windows, in minutes. */
export interface TierWindows {
  longWindowMinutes: number;
  shortWindowMinutes: number;
}

/** Every reason the tier is unsafe for `periodMinutes`; empty when it is safe. */
export function unsafeTierReasons(
  periodMinutes: number,
  windows: TierWindows,
  factor: number,
): UnsafeTierReason[] {
  const reasons: UnsafeTierReason[] = [];
  if (windows.longWindowMinutes >= periodMinutes) reasons.push('long-window-not-shorter-than-period');
  if (!(factor > 1)) reasons.push('factor-not-above-1');
  return reasons;
}
