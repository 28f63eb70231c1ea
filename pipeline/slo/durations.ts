/** Duration shorthands of SLO specs: rolling periods (`28d`) and latency thresholds (`300ms`). */

import { parseDuration, UNIT_MS } from '../../core/duration.js';

/** Shortest and longest rolling period faultline keeps windows for. */
export const MIN_PERIOD_MINUTES = 1;
export const MAX_PERIOD_MINUTES = 90 * 24 * 60;

export const PERIOD_FORMAT = 'expected a duration like 30d: a whole number and one of m, h, d, w';
export const PERIOD_RANGE = 'expected a period from 1m to 90d';

/**
 * Parses a rolling period (`30d`, `4w`, `12h`, `90m`) into minutes. Returns the problem
 * (`PERIOD_FORMAT` or `PERIOD_RANGE`) instead when it cannot be used.
 */
export function parsePeriod(text: unknown): { minutes: number } | { problem: string } {
  const ms = typeof text === 'string' ? parseDuration(text, { units: ['m', 'h', 'd', 'w'] }) : undefined;
  if (ms === undefined) return { problem: PERIOD_FORMAT };
  const minutes = ms / UNIT_MS.m;
  if (minutes < MIN_PERIOD_MINUTES || minutes > MAX_PERIOD_MINUTES) return { problem: PERIOD_RANGE };
  return { minutes };
}

/**
 * Parses a latency threshold into milliseconds: `300ms`, `1.5s`, `2m`, or a bare number of
 * milliseconds. Undefined when it is not one, or not above zero.
 */
export function parseLatencyMs(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') ms = parseDuration(value, { units: ['ms', 's', 'm'], fractions: true });
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
