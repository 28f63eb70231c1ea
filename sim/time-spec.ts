import { invalid } from './errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `10s`, `250ms`, `1.5h`, `1h30m` or `2d` into milliseconds.
 * A bare number is seconds.
 */
export function parseDuration(text: string, field = 'duration'): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const parts = t.match(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g);
  if (parts === null || parts.join('') !== t) {
    throw invalid(`${field}: expected a duration such as 10s, 250ms, 5m, 1h30m, got '${text}'`, { field });
  }
  let ms = 0;
  for (const p of parts) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(p);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    ms += Number(m[1]) * (UNITS[m[2]] ?? 0);
  }
  return ms;
}

/**
 * Parses a point in time into Unix epoch milliseconds: RFC 3339 (`2025-01-06T12:00:00Z`),
 * Unix seconds (`1736164800`), `now`, `now-24h` / `now+5m`, or an offset from `base`
 * (`+2h`, `-30m`) when a base is given (the run's start for fault times).
 */
export function parseTime(text: string, field: string, nowMs: number, base?: number): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const rel = /^(now)?([+-])(.+)$/.exec(t);
  if (t === 'now') return nowMs;
  if (rel?.[2] !== undefined && rel[3] !== undefined) {
    const origin = rel[1] === 'now' ? nowMs : base;
    if (origin === undefined)
      throw invalid(`${field}: a relative time needs 'now' in front, got '${text}'`, { field });
    const d = parseDuration(rel[3], field);
    return rel[2] === '+' ? origin + d : origin - d;
  }
  const ms = Date.parse(t);
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(ms)) {
    throw invalid(`${field}: expected RFC 3339, unix seconds, now, now-1h or +1h, got '${text}'`, { field });
  }
  return ms;
}

/** Unix epoch milliseconds as RFC 3339 UTC. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
