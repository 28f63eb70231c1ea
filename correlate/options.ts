import { CorrelateError, CorrelateErrorCode } from './errors.js';
import type { RankerName, RankInput, RankOptions } from './types.js';

/**
 * The ranker the live path, `rca` and `rca-eval` run unless told otherwise (docs/root-cause.md
 * says why it is still classic). `config/sections/root-cause.ts` repeats it as the config
 * default (config cannot import correlate); a test holds the two equal.
 */
export const DEFAULT_RANKER: RankerName = 'classic';

/** Every ranker's name, the default first. */
export const RANKER_NAMES: readonly RankerName[] = ['classic', 'calibrated'];

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
  ranker: DEFAULT_RANKER,
  minHistoryPoints: 48,
  minWindowPoints: 3,
  sustainMs: 20_000,
  onsetMs: 10 * 60_000,
  minNullRuns: 8,
  minNullPoints: 3,
  tailScaleFloor: 0.1,
  constantNullStrength: 30,
  correlationZWeight: 0.25,
  fdrLevel: 0.05,
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
  const nonNegative = [
    'lookbackMs',
    'guardMs',
    'afterMs',
    'relativeScaleFloor',
    'sustainMs',
    'onsetMs',
    'constantNullStrength',
  ] as const;
  for (const key of nonNegative) {
    if (!Number.isFinite(merged[key]) || merged[key] < 0) invalid(key, merged[key]);
  }
  if (merged.guardMs >= merged.lookbackMs) invalid('guardMs', merged.guardMs);
  for (const key of [
    'correlationWeight',
    'calleeDiscount',
    'correlationZWeight',
    'fdrLevel',
    'tailScaleFloor',
  ] as const) {
    if (!(merged[key] >= 0 && merged[key] <= 1)) invalid(key, merged[key]);
  }
  for (const key of [
    'sustainPoints',
    'minBaselinePoints',
    'minCorrelationPoints',
    'evidenceSignals',
    'minHistoryPoints',
    'minWindowPoints',
    'minNullRuns',
    'minNullPoints',
  ] as const) {
    if (!Number.isInteger(merged[key]) || merged[key] < 1) invalid(key, merged[key]);
  }
  if (!(merged.anomalousThreshold >= 0)) invalid('anomalousThreshold', merged.anomalousThreshold);
  if (!RANKER_NAMES.includes(merged.ranker)) invalid('ranker', merged.ranker);
  return merged;
}

/**
 * The baseline `[t - lookback, t - guard)` and the anomaly window `[t - guard, t + after)`
 * around the anomaly time `t`. With the case's step (the calibrated ranker passes it) they
 * are sized in points too: the guard is at least one step, the window reaches at least
 * `minWindowPoints` steps past `t` and the history at least `minHistoryPoints` steps before
 * the window. Without it (the classic ranker) every max below picks the time, as guardMs <
 * lookbackMs.
 */
export function intervalsFor(anomalyTimeMs: number, options: RankOptions, stepMs?: number): Intervals {
  const step = stepMs !== undefined && stepMs > 0 ? stepMs : 0;
  const guard = Math.max(options.guardMs, step);
  const split = anomalyTimeMs - guard;
  const lookback = Math.max(options.lookbackMs, guard + options.minHistoryPoints * step);
  return {
    baseline: { from: anomalyTimeMs - lookback, to: split },
    window: { from: split, to: anomalyTimeMs + Math.max(options.afterMs, options.minWindowPoints * step) },
  };
}

function invalid(field: string, value: unknown): never {
  throw new CorrelateError(CorrelateErrorCode.InvalidInput, `invalid ${field}: ${String(value)}`, {
    field,
    value,
  });
}
