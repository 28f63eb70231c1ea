import type { Intervals } from './options.js';
import type { AlertEvidence } from './types.js';

/**
 * The p-value an external alert stands for. An alerting rule is a detector someone tuned to
 * page rarely on a healthy service: one firing in the window counts like a signal that
 * deviates as often as once in a thousand windows (z about 3.1), strong evidence but
 * below a clear metric anomaly. A fixed prior, not fitted to any data set (none has alerts).
 */
export const ALERT_LOG_P = Math.log(1e-3);

/**
 * Per node, the evidence of external alerts that started within the anomaly window or up to
 * its length before it (an alert fires after its rule's `for:` delay, and may lead the SLO):
 * `ALERT_LOG_P` for each distinct alert start, combined as independent detections (their
 * log p-values add), natural logs.
 */
export function alertEvidence(
  alerts: readonly AlertEvidence[] | undefined,
  intervals: Intervals,
): Map<string, number> {
  const out = new Map<string, number>();
  if (alerts === undefined) return out;
  const { from, to } = intervals.window;
  const earliest = from - (to - from);
  const seen = new Set<string>();
  for (const a of alerts) {
    if (!(a.startsAtMs >= earliest && a.startsAtMs < to)) continue;
    const key = `${a.node}\u0000${a.startsAtMs}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.set(a.node, (out.get(a.node) ?? 0) + ALERT_LOG_P);
  }
  return out;
}
