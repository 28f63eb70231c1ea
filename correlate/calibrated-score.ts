import { logUpperTailToZ } from './probability.js';
import type { Point } from './types.js';

/**
 * The calibrated per-signal statistic: how unusual a signal's anomaly window is, judged
 * against how extreme windows of the same length get in that signal's own history.
 *
 * 1. The sustained deviation of a run of `L` consecutive points is the `(floor(L/2)+1)`-th
 *    largest |x - centre| in it (both points of a pair, the middle one of three, about half
 *    of a longer run): one lone outlier point is not a run.
 * 2. `L` comes from time and the signal's own step (`sustainMs / step`, at least 2) and is
 *    capped so the history holds at least `minNullRuns` runs; a window shorter than `L` is
 *    judged as one run whose missing points deviate by nothing.
 * 3. The null: every run of `L` points in the history (slid one point at a time). The
 *    window's statistic is its most deviant run. Its exceedance `q` is empirical inside the
 *    null's range and a fitted exponential tail beyond its top decile (`logExceedance`);
 *    a null with no spread at all (a constant signal) gives one finite "beyond all
 *    history" value. The window's runs are `M` draws, so the
 *    p-value is `1 - (1 - q)^(M / L)`.
 * 4. Onset: the window's deviation is measured from both the history's median and the
 *    median of its most recent points, whichever is nearer, so a shift that is already
 *    there before the window (a deploy, a restart) is not evidence of a change at `t`.
 *
 * The answer is a z-like score (the standard normal quantile of `1 - p`), comparable across
 * signals, nodes and sampling steps.
 */
export interface CalibrationOptions {
  /** A run must hold this long (ms) to count; at least two points whatever the step. */
  readonly sustainMs: number;
  /** The recent level for the onset check covers this long (ms) before the window. */
  readonly onsetMs: number;
  /** Fewest history points a signal needs to be scored. */
  readonly minNullPoints: number;
  /** The history holds at least this many runs of `L` points (caps `L`). */
  readonly minNullRuns: number;
  /** The tail's scale is never below this share of the history's |median| (relative resolution). */
  readonly tailScaleFloor: number;
  /** A change out of a history with no spread at all lies this many tail scales beyond it. */
  readonly constantNullStrength: number;
}

/** The calibrated score of one signal. */
export interface CalibratedScore {
  /** Standard normal quantile of `1 - p`, >= 0. */
  readonly z: number;
  /** Natural log of the p-value (<= 0); kept for combining without underflow. */
  readonly logP: number;
  /** +1 when the window's most deviant run is above the centre, -1 below. */
  readonly direction: 1 | -1;
  /** The signal's step (ms) and run length (points). */
  readonly stepMs: number;
  readonly runPoints: number;
}

/** Relative size below which a difference is floating-point noise, not spread. */
const NUMERIC_TOLERANCE = 1e-9;

/** Fraction of the null used for the tail fit (its top decile). */
const TAIL_FRACTION = 0.1;

/**
 * Scores one signal; undefined when it has fewer than `minNullPoints` finite history
 * points in `[historyFrom, windowFrom)`, none in `[windowFrom, windowTo)`, or no step.
 */
export function calibratedScore(
  points: readonly Point[],
  range: { readonly historyFrom: number; readonly windowFrom: number; readonly windowTo: number },
  options: CalibrationOptions,
): CalibratedScore | undefined {
  const sorted = points
    .filter(
      (p) => Number.isFinite(p.v) && Number.isFinite(p.t) && p.t >= range.historyFrom && p.t < range.windowTo,
    )
    .sort((a, b) => a.t - b.t);
  const history: number[] = [];
  const window: number[] = [];
  for (const p of sorted) (p.t < range.windowFrom ? history : window).push(p.v);
  if (history.length < options.minNullPoints || window.length === 0) return undefined;
  const stepMs = medianGap(sorted);
  if (stepMs === undefined || stepMs <= 0) return undefined;
  return scoreValues(history, window, stepMs, options);
}

/** `calibratedScore` on values already split and in time order (exported for tests). */
export function scoreValues(
  history: readonly number[],
  window: readonly number[],
  stepMs: number,
  options: Pick<
    CalibrationOptions,
    'sustainMs' | 'onsetMs' | 'minNullRuns' | 'tailScaleFloor' | 'constantNullStrength'
  >,
): CalibratedScore {
  const maxRun = Math.max(1, Math.floor(history.length / options.minNullRuns));
  const runPoints = Math.max(1, Math.min(Math.max(2, Math.round(options.sustainMs / stepMs)), maxRun));
  const centre = median(history);
  const recentCount = Math.min(history.length, Math.max(runPoints, 3, Math.round(options.onsetMs / stepMs)));
  const recent = median(history.slice(history.length - recentCount));

  const nullRuns = runStatistics(
    history.map((v) => Math.abs(v - centre)),
    runPoints,
  ).sort((a, b) => a - b);
  const measured = window.map((v) => {
    const fromCentre = v - centre;
    const fromRecent = v - recent;
    // Nearer of the two centres, and only when both agree on the side: a shift already
    // present before the window is measured from where the signal already was.
    if (Math.sign(fromCentre) !== Math.sign(fromRecent)) return 0;
    return Math.abs(fromCentre) < Math.abs(fromRecent) ? fromCentre : fromRecent;
  });
  // A window shorter than a run (a series that went silent: a service starved of traffic)
  // has not shown that its deviation holds; the points it lacks count as no deviation.
  const pad = Math.max(0, runPoints - measured.length);
  const signed = [...measured, ...new Array<number>(pad).fill(0)];
  const windowRun = Math.min(runPoints, signed.length);
  const runs = runStatistics(
    signed.map((d) => Math.abs(d)),
    windowRun,
  );
  let best = 0;
  let bestAt = 0;
  runs.forEach((s, i) => {
    if (s > best) {
      best = s;
      bestAt = i;
    }
  });
  const direction: 1 | -1 =
    (signed.slice(bestAt, bestAt + windowRun).reduce((a, b) => a + b, 0) ?? 0) < 0 ? -1 : 1;
  const draws = Math.max(1, runs.length / runPoints);
  const logQ = logExceedance(nullRuns, best, {
    minScale: options.tailScaleFloor * Math.abs(centre),
    constantStrength: options.constantNullStrength,
  });
  const logP = logAtLeastOnce(logQ, draws);
  return { z: Math.max(0, logUpperTailToZ(logP)), logP, direction, stepMs, runPoints };
}

/** For each run of `length` consecutive values, its `(floor(length/2)+1)`-th largest. */
export function runStatistics(deviations: readonly number[], length: number): number[] {
  const k = Math.floor(length / 2) + 1;
  const out: number[] = [];
  if (length <= 2) {
    // The largest of one, the smaller of two: the common case at coarse steps, kept cheap.
    for (let i = 0; i + length <= deviations.length; i++) {
      out.push(length === 1 ? deviations[i]! : Math.min(deviations[i]!, deviations[i + 1]!));
    }
    return out;
  }
  const run = new Float64Array(length);
  for (let i = 0; i + length <= deviations.length; i++) {
    for (let j = 0; j < length; j++) run[j] = deviations[i + j]!;
    run.sort();
    out.push(run[length - k]!);
  }
  return out;
}

/** How the tail beyond the null's largest value is extrapolated (`logExceedance`). */
export interface TailOptions {
  /** The tail's scale is never below this (the signal's relative resolution, in its units). */
  readonly minScale: number;
  /** A value beyond a null with no spread lies this many scales out (finite, "beyond all history"). */
  readonly constantStrength: number;
}

/**
 * log P(null >= value) for a sorted null sample: empirical with a +1 pseudo-count within the
 * null's range; beyond its largest value an exponential tail (a generalised Pareto tail of
 * shape 0) fitted to the null's top decile, with scale = max(its mean excess, the null's
 * interquartile spread, `minScale`), never above the empirical floor.
 *
 * `minScale` (a share of the signal's level) keeps a gauge that barely moved in its history
 * (memory in bytes: noise of one part in 10^5) from turning a level change of a few per cent
 * into more evidence than a tenfold CPU rise. A null with no spread at all (a counter that
 * stayed at 0) puts every larger value `constantStrength` scales beyond its floor: finite,
 * and as strong as a large change of a noisy signal, instead of the weakest evidence there
 * is (a sparse null with one non-zero run would otherwise beat a clean one by 10^60).
 */
export function logExceedance(
  sortedNull: readonly number[],
  value: number,
  tailOptions: TailOptions = { minScale: 0, constantStrength: 0 },
): number {
  const n = sortedNull.length;
  if (n === 0) return 0;
  const top = sortedNull[n - 1]!;
  if (value <= top) return Math.log((n - lowerBound(sortedNull, value) + 1) / (n + 1));
  const uIndex = Math.min(n - 1, Math.floor(n * (1 - TAIL_FRACTION)));
  const u = sortedNull[uIndex]!;
  const tail = sortedNull.slice(uIndex);
  const excess = tail.reduce((a, b) => a + (b - u), 0) / tail.length;
  const spread = quantile(sortedNull, 0.75) - quantile(sortedNull, 0.25);
  const scale = Math.max(excess, spread, tailOptions.minScale);
  const floor = Math.log(1 / (n + 1));
  const tailStart = Math.log(tail.length / (n + 1));
  // A scale at rounding-error size is no spread at all (an interpolated histogram quantile
  // that sits on one bucket boundary differs from itself only in the last bits).
  if (!(scale > NUMERIC_TOLERANCE * (Math.abs(top) + Math.abs(u)))) {
    return Math.min(floor + Math.log(0.5), tailStart - tailOptions.constantStrength);
  }
  return Math.min(floor, tailStart - (value - u) / scale);
}

/** log(1 - (1 - q)^draws), stable for tiny q. */
function logAtLeastOnce(logQ: number, draws: number): number {
  if (logQ < -30) return logQ + Math.log(draws);
  const q = Math.exp(logQ);
  return Math.log(-Math.expm1(draws * Math.log1p(-Math.min(q, 1 - 1e-12))));
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Median of unsorted values (0 for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** The median gap between distinct consecutive times of points sorted by time (ms). */
function medianGap(sorted: readonly Point[]): number | undefined {
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i]!.t - sorted[i - 1]!.t;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)];
}
