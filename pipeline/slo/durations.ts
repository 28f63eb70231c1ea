/** Duration shorthands of SLO specs: rolling periods (`28d`) and latency thresholds (`300ms`). */

const PERIOD_UNIT_MINUTES = { m: 1, h: 60, d: 24 * 60, w: 7 * 24 * 60 } as const;

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
  const match = typeof text === 'string' ? /^([0-9]+)([mhdw])$/.exec(text) : null;
  if (match === null) return { problem: PERIOD_FORMAT };
  const minutes = Number(match[1]) * PERIOD_UNIT_MINUTES[match[2] as keyof typeof PERIOD_UNIT_MINUTES];
  if (minutes < MIN_PERIOD_MINUTES || minutes > MAX_PERIOD_MINUTES) return { problem: PERIOD_RANGE };
  return { minutes };
}

const LATENCY_UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/**
 * Parses a latency threshold into milliseconds: `300ms`, `1.5s`, `2m`, or a bare number of
 * milliseconds. Undefined when it is not one, or not above zero.
 */
export function parseLatencyMs(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') {
    const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m)$/.exec(value);
    if (match !== null) ms = Number(match[1]) * LATENCY_UNIT_MS[match[2] as keyof typeof LATENCY_UNIT_MS];
  }
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
