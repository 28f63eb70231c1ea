import { sampleCorrelation } from 'simple-statistics';
import type { Point } from './types.js';

/**
 * The typical spacing of a series (ms): the median gap between its distinct sorted times.
 * Undefined with fewer than two distinct times.
 */
export function inferStep(points: readonly Point[]): number | undefined {
  const times = [...new Set(points.filter((p) => Number.isFinite(p.t)).map((p) => p.t))].sort(
    (a, b) => a - b,
  );
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  if (gaps.length === 0) return undefined;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)];
}

/**
 * Resamples a series onto the grid `from + k * step` (k >= 0, up to `to`, exclusive): each
 * grid cell holds the mean of the finite values whose time falls in it. Cells without values
 * are absent, never interpolated.
 */
export function resample(
  points: readonly Point[],
  from: number,
  to: number,
  step: number,
): Map<number, number> {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const p of points) {
    if (!Number.isFinite(p.v) || p.t < from || p.t >= to) continue;
    const cell = Math.floor((p.t - from) / step);
    const acc = sums.get(cell) ?? { sum: 0, n: 0 };
    acc.sum += p.v;
    acc.n += 1;
    sums.set(cell, acc);
  }
  const out = new Map<number, number>();
  for (const [cell, { sum, n }] of sums) out.set(cell, sum / n);
  return out;
}

/**
 * Pearson correlation of two equally long samples (simple-statistics `sampleCorrelation`);
 * null when there are fewer than `minPoints` pairs, when either sample is constant, or when
 * the result is not finite.
 */
export function pearson(x: readonly number[], y: readonly number[], minPoints = 2): number | null {
  if (x.length !== y.length || x.length < Math.max(2, minPoints)) return null;
  if (isConstant(x) || isConstant(y)) return null;
  const r = sampleCorrelation(x, y);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : null;
}

/**
 * Pearson correlation of a signal with the SLI over `[from, to)`: both resampled to the same
 * grid of `step`, and only the cells where both have a value are paired. Null when fewer
 * than `minPoints` cells pair up or either side is constant there.
 */
export function correlationWithSli(
  signal: readonly Point[],
  sli: ReadonlyMap<number, number>,
  range: { from: number; to: number; step: number },
  minPoints: number,
): number | null {
  const cells = resample(signal, range.from, range.to, range.step);
  const x: number[] = [];
  const y: number[] = [];
  for (const [cell, v] of cells) {
    const s = sli.get(cell);
    if (s === undefined) continue;
    x.push(v);
    y.push(s);
  }
  return pearson(x, y, minPoints);
}

function isConstant(values: readonly number[]): boolean {
  const first = values[0];
  return values.every((v) => v === first);
}
