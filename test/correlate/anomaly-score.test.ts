import { describe, expect, it } from 'vitest';
import {
  flatBaselineScore,
  meanStdScale,
  robustAnomaly,
  robustScale,
  splitValues,
  windowScore,
} from '../../correlate/anomaly-score.js';

const OPTIONS = { relativeScaleFloor: 0.01, minBaselinePoints: 5, sustainPoints: 2 };

describe('robustScale', () => {
  it('is the median and the IQR in sigmas (IQR / 1.349)', () => {
    const s = robustScale([1, 2, 3, 4, 5, 6, 7, 8, 9], 0);
    expect(s.centre).toBe(5);
    expect(s.spread).toBeCloseTo(4 / 1.349, 10);
  });

  it('ignores a wild outlier in the baseline, where mean and standard deviation do not', () => {
    const clean = [10, 11, 9, 10, 12, 8, 10, 11, 9, 10];
    const dirty = [...clean.slice(0, -1), 10_000];
    expect(robustScale(dirty, 0).centre).toBe(10);
    expect(robustScale(dirty, 0).spread).toBeLessThan(2);
    expect(meanStdScale(dirty).spread).toBeGreaterThan(1000);
  });

  it('never lets the spread fall below the relative floor of the median (flat gauges)', () => {
    expect(robustScale([500e6, 500e6, 500e6, 500e6], 0.01).spread).toBe(5e6);
    expect(robustScale([0, 0, 0], 0.01).spread).toBe(0);
  });
});

describe('windowScore', () => {
  const scale = { centre: 10, spread: 2 };

  it('scores the sustained peak: the second largest deviation by default in the ranker', () => {
    expect(windowScore([10, 30, 12], scale, 1)).toBe(10);
    expect(windowScore([10, 30, 12], scale, 2)).toBe(1);
    expect(windowScore([10, 30, 4, 12], scale, 2)).toBe(3);
  });

  it('falls back to the largest deviation when the window has fewer points than required', () => {
    expect(windowScore([30], scale, 2)).toBe(10);
  });

  it('scores 0 for an empty window, one at the centre, or no spread', () => {
    expect(windowScore([], scale, 2)).toBe(0);
    expect(windowScore([10, 10], scale, 2)).toBe(0);
    expect(windowScore([10, 99], { centre: 10, spread: 0 }, 1)).toBe(0);
  });
});

describe('flatBaselineScore', () => {
  it('scores how much more often a flat-zero series leaves zero in the window than before', () => {
    const zeros = new Array(100).fill(0);
    expect(flatBaselineScore({ baseline: zeros, window: [1, 2, 3, 4] }, 0, 0.01)).toBe(100);
    expect(flatBaselineScore({ baseline: zeros, window: [0, 0, 0, 5] }, 0, 0.01)).toBe(25);
    const sometimes = [...new Array(90).fill(0), ...new Array(10).fill(1)];
    expect(flatBaselineScore({ baseline: sometimes, window: [0, 0, 0, 0, 0, 0, 0, 0, 0, 3] }, 0, 0.01)).toBe(
      0,
    );
  });

  it('is what robustAnomaly uses when the baseline has no spread: lone errors stay small', () => {
    const split = {
      baseline: new Array(180).fill(0),
      window: [...new Array(69).fill(0), 0.02, 0.017, 0.025],
    };
    expect(robustAnomaly(split, OPTIONS)).toBeCloseTo(300 / 72, 10);
  });
});

describe('robustAnomaly', () => {
  it('needs minBaselinePoints baseline values and a non-empty window', () => {
    expect(robustAnomaly({ baseline: [1, 2, 3, 4], window: [9, 9] }, OPTIONS)).toBeUndefined();
    expect(robustAnomaly({ baseline: [1, 2, 3, 4, 5], window: [] }, OPTIONS)).toBeUndefined();
    expect(robustAnomaly({ baseline: [1, 2, 3, 4, 5], window: [9, 9] }, OPTIONS)).toBeCloseTo(
      6 / (2 / 1.349),
      10,
    );
  });
});

describe('meanStdScale', () => {
  it('uses a spread of 1 (raw units) for a flat baseline, as a standard scaler does', () => {
    expect(meanStdScale([7, 7, 7])).toEqual({ centre: 7, spread: 1 });
    expect(meanStdScale([1, 3]).spread).toBeCloseTo(Math.SQRT2, 10);
  });
});

describe('splitValues', () => {
  it('splits at the anomaly window start, drops points outside and non-finite values, ignores order', () => {
    const points = [
      { t: 50, v: 5 },
      { t: 0, v: 0 },
      { t: 10, v: 1 },
      { t: 40, v: Number.NaN },
      { t: 30, v: 3 },
      { t: 60, v: 6 },
    ];
    expect(splitValues(points, 10, 30, 60)).toEqual({ baseline: [1], window: [5, 3] });
  });
});
