/**
 * Durations, parsed and printed in one place. Every place that reads a duration (SLO periods
 * and latency thresholds, `--step`, the root-cause `lookback`, the simulator's times) shares
 * one grammar, `<number><unit>`, and states only what it allows of it: which units, whether
 * fractions or compounds (`1h30m`) are accepted, and what a bare number means. Ranges and
 * error messages stay with the caller, which knows the field.
 */

/** Milliseconds per unit, for every unit faultline reads or prints. */
export const UNIT_MS = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

export type DurationUnit = keyof typeof UNIT_MS;

/** What one field accepts of the duration grammar. */
export interface DurationGrammar {
  /** Units allowed after the number. */
  units: readonly DurationUnit[];
  /** `1.5s` as well as `2s`. Default: whole numbers only. */
  fractions?: boolean;
  /** Several parts summed, `1h30m`. Default: one part. */
  compound?: boolean;
  /** The unit of a bare number (`10` with `s` is 10 seconds). Default: a bare number is rejected. */
  bare?: DurationUnit;
}

/**
 * Parses `text` (not trimmed: callers decide whether spaces are allowed) into milliseconds, or
 * undefined when it does not follow `grammar`.
 */
export function parseDuration(text: string, grammar: DurationGrammar): number | undefined {
  const number = grammar.fractions ? '\\d+(?:\\.\\d+)?' : '\\d+';
  if (grammar.bare !== undefined && new RegExp(`^${number}$`).test(text)) {
    return Number(text) * UNIT_MS[grammar.bare];
  }
  // Longest unit names first, so `ms` is not read as `m` followed by garbage.
  const units = [...grammar.units].sort((a, b) => b.length - a.length).join('|');
  const part = `(${number})(${units})`;
  const whole = grammar.compound ? `^(?:${part})+$` : `^${part}$`;
  if (!new RegExp(whole).test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(new RegExp(part, 'g'))) ms += Number(m[1]) * UNIT_MS[m[2] as DurationUnit];
  return ms;
}

/** A duration in its two largest units: `3d 4h`, `2h 15m`, `45m`, `30s`. */
export function formatDuration(ms: number): string {
  const units: ReadonlyArray<readonly [string, number]> = [
    ['d', UNIT_MS.d],
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
  ];
  const total = Math.max(0, Math.round(ms / 1000) * 1000);
  for (const [i, [unit, size]] of units.entries()) {
    if (total < size) continue;
    const n = Math.floor(total / size);
    const next = units[i + 1];
    const m = next === undefined ? 0 : Math.floor((total - n * size) / next[1]);
    return next !== undefined && m > 0 ? `${n}${unit} ${m}${next[0]}` : `${n}${unit}`;
  }
  return '0s';
}

/** A window length as Prometheus and Sloth spell it: 5m, 1h, 3d. */
export function windowName(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
