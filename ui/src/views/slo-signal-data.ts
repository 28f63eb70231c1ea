import type { Alert, Incident, Point } from '../api/types.js';
import type { TimeMarker } from '../charts/time-marker.js';

const MINUTE = 60_000;

/**
 * errors / requests per minute from the 10 s series (both per-second rates of the same
 * buckets): a service with a few calls a second fails 0 % or 30 % of a 10 s bucket by
 * chance, which hides the change the chart is there to show.
 */
export function perMinuteRatio(errors: readonly Point[], requests: readonly Point[]): Point[] {
  const sums = new Map<number, { errors: number; requests: number }>();
  const add = (points: readonly Point[], key: 'errors' | 'requests') => {
    for (const p of points) {
      const m = Math.floor(p.t / MINUTE) * MINUTE;
      const sum = sums.get(m) ?? { errors: 0, requests: 0 };
      sum[key] += p.v;
      sums.set(m, sum);
    }
  };
  add(errors, 'errors');
  add(requests, 'requests');
  return [...sums]
    .filter(([, s]) => s.requests > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([t, s]) => ({ t, v: s.errors / s.requests }));
}

/** The times to mark: each alert of the SLO when it started, and the incident's anomaly time. */
export function sloMarkers(alerts: readonly Alert[], incident: Incident | undefined): TimeMarker[] {
  const out: TimeMarker[] = [];
  const seen = new Set<string>();
  for (const a of alerts) {
    const at = Date.parse(a.firedAt ?? a.since);
    const label = `${a.severity} ${a.firedAt === undefined ? 'pending' : 'fired'}`;
    if (Number.isNaN(at) || seen.has(`${label}@${at}`)) continue;
    seen.add(`${label}@${at}`);
    out.push({ t: at, label, kind: 'alert' });
  }
  const anomaly = Date.parse(incident?.rootCause?.at ?? '');
  if (!Number.isNaN(anomaly)) out.push({ t: anomaly, label: 'anomaly', kind: 'anomaly' });
  return out.sort((a, b) => a.t - b.t);
}
