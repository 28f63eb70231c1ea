import { CorrelateError, CorrelateErrorCode } from './errors.js';
import type { RankInput, RankOptions } from './types.js';

/**
 * The one configuration used everywhere, including the offline evaluation: no per-case or
 * per-dataset tuning. The reasons behind each value are in docs/root-cause.md.
 */
export const DEFAULT_RANK_OPTIONS: RankOptions = Object.freeze({
  lookbackMs: 60 * 60_000,
  guardMs: 120_000,
  afterMs: 10 * 60_000,
  relativeScaleFloor: 0.01,
  sustainPoints: 2,
  minBaselinePoints: 5,
  minCorrelationPoints: 8,
  correlationWeight: 0.5,
  calleeDiscount: 0.5,
  anomalousThreshold: 3,
  evidenceSignals: 3,
});

/** The baseline and anomaly window of a ranking, half-open, Unix epoch ms. */
export interface Intervals {
  readonly baseline: { readonly from: number; readonly to: number };
  readonly window: { readonly from: number; readonly to: number };
}

/**
 * Merges `options` over the defaults, then the input's `lookbackMs` over both, and checks
 * every value; throws `FL_CORRELATE_INVALID_INPUT` naming the first bad one.
 */
export function resolveOptions(input: RankInput, options: Partial<RankOptions> = {}): RankOptions {
  const merged: RankOptions = {
    ...DEFAULT_RANK_OPTIONS,
    ...options,
    ...(input.lookbackMs === undefined ? {} : { lookbackMs: input.lookbackMs }),
  };
  if (!Number.isFinite(input.anomalyTimeMs)) invalid('anomalyTimeMs', input.anomalyTimeMs);
  const nonNegative: Array<keyof RankOptions> = ['lookbackMs', 'guardMs', 'afterMs', 'relativeScaleFloor'];
  for (const key of nonNegative) {
    if (!Number.isFinite(merged[key]) || merged[key] < 0) invalid(key, merged[key]);
  }
  if (merged.guardMs >= merged.lookbackMs) invalid('guardMs', merged.guardMs);
  for (const key of ['correlationWeight', 'calleeDiscount'] as const) {
    if (!(merged[key] >= 0 && merged[key] <= 1)) invalid(key, merged[key]);
  }
  for (const key of [
    'sustainPoints',
    'minBaselinePoints',
    'minCorrelationPoints',
    'evidenceSignals',
  ] as const) {
    if (!Number.isInteger(merged[key]) || merged[key] < 1) invalid(key, merged[key]);
  }
  if (!(merged.anomalousThreshold >= 0)) invalid('anomalousThreshold', merged.anomalousThreshold);
  return merged;
}

/**
 * The baseline `[t - lookback, t - guard)` and the anomaly window `[t - guard, t + after)`
 * around the anomaly time `t`.
 */
export function intervalsFor(anomalyTimeMs: number, options: RankOptions): Intervals {
  const split = anomalyTimeMs - options.guardMs;
  return {
    baseline: { from: anomalyTimeMs - options.lookbackMs, to: split },
    window: { from: split, to: anomalyTimeMs + options.afterMs },
  };
}

function invalid(field: string, value: unknown): never {
  throw new CorrelateError(CorrelateErrorCode.InvalidInput, `invalid ${field}: ${String(value)}`, {
    field,
    value,
  });
}
