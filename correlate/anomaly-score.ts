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
 * BARO's robust scale of a baseline (scikit-learn's RobustScaler): the median and the
 * interquartile range, with a range of 1 (raw units) when the IQR is 0. The comparison
 * baseline, not the method: faultline's ranker uses `calibratedScore`.
 */
export function robustScale(baseline: readonly number[]): Scale {
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
