import type { Severity } from './alert.js';

/**
 * Multiwindow, multi-burn-rate alert rules (Google SRE workbook, chapter 5). A tier fires
 * when the burn rate over both its long and its short window exceeds its factor; the short
 * window makes it stop soon after the burning stops.
 */

/** One tier as configured: its factor given directly, or derived from a share of the budget. */
export interface BurnRateTierSpec {
  severity: Severity;
  longWindowMinutes: number;
  shortWindowMinutes: number;
  /** Share of the period's error budget this tier lets burn within its long window (0.02 = 2 %). */
  budgetShare?: number;
  /** The burn-rate threshold itself; wins over `budgetShare` when both are given. */
  factor?: number;
  /** Events the long window needs before this tier may fire; the rule set's default when absent. */
  minEvents?: number;
}

/** A tier resolved for one SLO period: the threshold both windows must exceed. */
export interface BurnRateTier {
  severity: Severity;
  longWindowMinutes: number;
  shortWindowMinutes: number;
  factor: number;
  minEvents: number;
}

/**
 * The workbook's tiers, written for a 30-day period: page on 2 % of the budget in 1 h or 5 %
 * in 6 h, ticket on 10 % in 1 d or 10 % in 3 d (factors 14.4, 6, 3 and 1). The built-in
 * profile scales these windows to each SLO's period (`scaleTier`), so the factors stay the same.
 */
export const SRE_WORKBOOK_TIERS: readonly BurnRateTierSpec[] = [
  { severity: 'page', longWindowMinutes: 60, shortWindowMinutes: 5, budgetShare: 0.02 },
  { severity: 'page', longWindowMinutes: 360, shortWindowMinutes: 30, budgetShare: 0.05 },
  { severity: 'ticket', longWindowMinutes: 1440, shortWindowMinutes: 120, budgetShare: 0.1 },
  { severity: 'ticket', longWindowMinutes: 4320, shortWindowMinutes: 360, budgetShare: 0.1 },
];

/** The name of the built-in rule profile holding {@link SRE_WORKBOOK_TIERS}. */
export const SRE_WORKBOOK_PROFILE = 'sre-workbook';

/** Default events the long window needs before a burn-rate tier may fire. */
export const DEFAULT_MIN_EVENTS = 10;

/**
 * The burn rate at which `budgetShare` of the period's budget is spent in `longWindowMinutes`:
 * share x period / long window. (Multiplying first keeps 28-day factors exact: 5.6, not 5.6000000000000005.)
 */
export function burnRateFactor(
  budgetShare: number,
  periodMinutes: number,
  longWindowMinutes: number,
): number {
  return (budgetShare * periodMinutes) / longWindowMinutes;
}

/** The tiers of a rule set for an SLO of `periodMinutes`, in the order given. */
export function resolveTiers(
  specs: readonly BurnRateTierSpec[],
  periodMinutes: number,
  defaultMinEvents: number = DEFAULT_MIN_EVENTS,
): BurnRateTier[] {
  return specs.map((s) => ({
    severity: s.severity,
    longWindowMinutes: s.longWindowMinutes,
    shortWindowMinutes: s.shortWindowMinutes,
    factor: s.factor ?? burnRateFactor(s.budgetShare ?? 0, periodMinutes, s.longWindowMinutes),
    minEvents: s.minEvents ?? defaultMinEvents,
  }));
}

/** What a tier needs to know about one window at the instant of evaluation. */
export interface WindowReading {
  total: number;
  /** null without events. */
  burnRate: number | null;
}

/** Whether a tier fires: enough events, and both burn rates strictly above its factor. */
export function tierFires(
  tier: BurnRateTier,
  long: WindowReading | undefined,
  short: WindowReading | undefined,
): boolean {
  if (long === undefined || short === undefined) return false;
  if (long.total < tier.minEvents || long.burnRate === null || short.burnRate === null) return false;
  return long.burnRate > tier.factor && short.burnRate > tier.factor;
}
