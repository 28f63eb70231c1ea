import { mean, quantileSorted, sampleStandardDeviation } from 'simple-statistics';
import type { Point } from './types.js';

/** Where a signal normally sits and how much it normally moves. */
export interface Scale {
  readonly centre: number;
  readonly spread: number;
}

/** A signal's values split around the anomaly time. */
export interface SplitValues {
  readonly baseline: number[];
  readonly window: number[];
}

/** IQR of a normal distribution in standard deviations: IQR / 1.349 estimates sigma. */
const IQR_PER_SIGMA = 1.349;

/**
 * Splits a series into its baseline values (`t` in `[baselineFrom, splitAt)`) and its anomaly
 * window values (`t` in `[splitAt, windowTo)`); non-finite values are dropped. Order of the
 * input does not matter.
 */
export function splitValues(
  points: readonly Point[],
  baselineFrom: number,
  splitAt: number,
  windowTo: number,
): SplitValues {
  const baseline: number[] = [];
  const window: number[] = [];
  for (const p of points) {
    if (!Number.isFinite(p.v) || !Number.isFinite(p.t)) continue;
    if (p.t >= baselineFrom && p.t < splitAt) baseline.push(p.v);
    else if (p.t >= splitAt && p.t < windowTo) window.push(p.v);
  }
  return { baseline, window };
}

/**
 * The robust scale of a baseline, as BARO's robust scorer uses it: the median, and the
 * interquartile range expressed in standard deviations (IQR / 1.349), so that scores read
 * like z-scores but ignore the outliers of the baseline. The spread never goes below
 * `relativeFloor * |median|`: a flat series (a memory gauge, a constant) would otherwise
 * have a spread of 0 and turn any byte of drift into an enormous score. Throws on an empty
 * baseline.
 */
export function robustScale(baseline: readonly number[], relativeFloor: number): Scale {
  const sorted = [...baseline].sort((a, b) => a - b);
  const centre = quantileSorted(sorted, 0.5);
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  return { centre, spread: Math.max(iqr / IQR_PER_SIGMA, relativeFloor * Math.abs(centre)) };
}

/**
 * BARO's robust scale as its robust scorer fits it (scikit-learn's RobustScaler): the median
 * and the raw interquartile range, a range of 1 (raw units) when the IQR is 0. No floor and
 * no conversion to standard deviations: the `baro` baseline of rca-eval, not the method.
 */
export function baroScale(baseline: readonly number[]): Scale {
  const sorted = [...baseline].sort((a, b) => a - b);
  const centre = quantileSorted(sorted, 0.5);
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  return { centre, spread: iqr > 0 && Number.isFinite(iqr) ? iqr : 1 };
}

/**
 * The plain (non-robust) scale used by the NSigma-like baseline: mean and sample standard
 * deviation, with a spread of 1 (raw units) when the baseline is flat, as a standard scaler
 * does. No floor: this is the baseline to compare against, not the method.
 */
export function meanStdScale(baseline: readonly number[]): Scale {
  const centre = mean(baseline as number[]);
  const sd = baseline.length > 1 ? sampleStandardDeviation(baseline as number[]) : 0;
  return { centre, spread: sd > 0 && Number.isFinite(sd) ? sd : 1 };
}

/**
 * The anomaly score of a window against a scale: the `sustain`-th largest |x - centre| /
 * spread (the largest when the window has fewer values), so one lone outlier point is not
 * an anomaly but two are. An empty window, one at the centre, or a spread of 0 score 0.
 */
export function windowScore(window: readonly number[], scale: Scale, sustain = 1): number {
  if (window.length === 0 || !(scale.spread > 0)) return 0;
  const deviations = window.map((v) => Math.abs(v - scale.centre)).sort((a, b) => b - a);
  return deviations[Math.min(Math.max(1, sustain), deviations.length) - 1]! / scale.spread;
}

/**
 * The score of a signal whose baseline has no spread at all: at least three quarters of it
 * sit exactly on the median, and the median is 0 (otherwise the relative floor would give
 * a spread). Typical of sparse counters: errors, retries, restarts. Any deviation divided
 * by a spread of 0 is infinite, and lone events would outrank every real anomaly, so such
 * a signal scores how much more often it leaves its centre in the window than in the
 * baseline: `(share off-centre in window - share in baseline) / relativeFloor`, 0 when it is
 * not more often. A counter that never moved and now moves in every point scores
 * `1 / relativeFloor` (100); three lone errors in 72 points score about 4.
 */
export function flatBaselineScore(split: SplitValues, centre: number, relativeFloor: number): number {
  if (split.window.length === 0 || split.baseline.length === 0 || !(relativeFloor > 0)) return 0;
  const offShare = (values: readonly number[]) => values.filter((v) => v !== centre).length / values.length;
  return Math.max(0, offShare(split.window) - offShare(split.baseline)) / relativeFloor;
}

/**
 * Robust anomaly score of one signal: `windowScore` (sustained over `sustainPoints`) against
 * `robustScale` of its baseline, or `flatBaselineScore` when that scale has no spread;
 * undefined when the baseline has fewer than `minBaselinePoints` values or the window none.
 */
export function robustAnomaly(
  split: SplitValues,
  options: {
    readonly relativeScaleFloor: number;
    readonly minBaselinePoints: number;
    readonly sustainPoints: number;
  },
): number | undefined {
  if (split.baseline.length < options.minBaselinePoints || split.window.length === 0) return undefined;
  const scale = robustScale(split.baseline, options.relativeScaleFloor);
  return scale.spread > 0
    ? windowScore(split.window, scale, options.sustainPoints)
    : flatBaselineScore(split, scale.centre, options.relativeScaleFloor);
}
