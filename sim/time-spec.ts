import { parseDuration as parseGrammar } from '../core/duration.js';
import { invalid } from './errors.js';

/** The simulator's durations: fractions, compounds (`1h30m`) and bare seconds. */
const SIM_DURATION = {
  units: ['ms', 's', 'm', 'h', 'd'],
  fractions: true,
  compound: true,
  bare: 's',
} as const;

/**
 * Parses a duration such as `10s`, `250ms`, `1.5h`, `1h30m` or `2d` into milliseconds.
 * A bare number is seconds.
 */
export function parseDuration(text: string, field = 'duration'): number {
  const ms = parseGrammar(text.trim(), SIM_DURATION);
  if (ms === undefined) {
    throw invalid(`${field}: expected a duration such as 10s, 250ms, 5m, 1h30m, got '${text}'`, { field });
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
