import type { ExternalAlert } from './external-alert-store.js';

/** Why an external alert of a webhook was refused (the rest of the webhook is still recorded). */
export type RefusalReason = 'time_out_of_range' | 'too_large';

export interface AlertScreenLimits {
  /** How far ahead of the receiving clock `startsAt` may be (clock skew). */
  maxStartsAheadMs: number;
  /** How far ahead of the receiving clock `endsAt` may be. */
  maxEndsAheadMs: number;
  /** Largest labels plus annotations of one alert, in UTF-8 bytes of their JSON. */
  maxAlertBytes: number;
}

export const alertScreenDefaults: AlertScreenLimits = {
  maxStartsAheadMs: 86_400_000,
  maxEndsAheadMs: 366 * 86_400_000,
  maxAlertBytes: 64 * 1024,
};

export interface ScreenedAlerts {
  kept: ExternalAlert[];
  refused: Array<{ fingerprint: string; reason: RefusalReason }>;
}

/**
 * Splits a webhook's alerts into those worth keeping and those refused: a start before 1970
 * or far in the future (an alert "starting" in the year 275760 was kept and pinned first in
 * every list), an end far in the future, or labels and annotations too large to hold.
 */
export function screenAlerts(
  alerts: readonly ExternalAlert[],
  receivedAtMs: number,
  limits: AlertScreenLimits = alertScreenDefaults,
): ScreenedAlerts {
  const out: ScreenedAlerts = { kept: [], refused: [] };
  for (const a of alerts) {
    const reason = refusalOf(a, receivedAtMs, limits);
    if (reason === undefined) out.kept.push(a);
    else out.refused.push({ fingerprint: a.fingerprint, reason });
  }
  return out;
}

function refusalOf(
  a: ExternalAlert,
  receivedAtMs: number,
  limits: AlertScreenLimits,
): RefusalReason | undefined {
  const starts = Date.parse(a.startsAt);
  if (!(starts >= 0 && starts <= receivedAtMs + limits.maxStartsAheadMs)) return 'time_out_of_range';
  if (a.endsAt !== undefined) {
    const ends = Date.parse(a.endsAt);
    if (!(ends >= 0 && ends <= receivedAtMs + limits.maxEndsAheadMs)) return 'time_out_of_range';
  }
  if (alertBytes(a) > limits.maxAlertBytes) return 'too_large';
  return undefined;
}

/** UTF-8 bytes of an alert's labels and annotations as JSON: what storing it costs, near enough. */
export function alertBytes(a: Pick<ExternalAlert, 'labels' | 'annotations'>): number {
  return Buffer.byteLength(JSON.stringify(a.labels)) + Buffer.byteLength(JSON.stringify(a.annotations));
}
