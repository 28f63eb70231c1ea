import { describe, expect, it } from 'vitest';
import { meanStdScale, robustScale, splitValues, windowScore } from '../../correlate/anomaly-score.js';

describe('robustScale (BARO baseline)', () => {
  it('is the median and the IQR of the baseline', () => {
    const s = robustScale([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.centre).toBe(5);
    expect(s.spread).toBe(4);
  });

  it('ignores the outliers of the baseline', () => {
    const dirty = [10, 10, 11, 9, 10, 10, 9, 11, 10, 500, -400];
    expect(robustScale(dirty).centre).toBe(10);
    expect(robustScale(dirty).spread).toBeLessThan(2);
  });

  it('uses a spread of 1 when the IQR is 0, as a robust scaler does', () => {
    expect(robustScale([500e6, 500e6, 500e6, 500e6]).spread).toBe(1);
  });
});

describe('meanStdScale (n-sigma baseline)', () => {
  it('is the mean and the sample standard deviation, 1 when flat', () => {
    expect(meanStdScale([1, 3]).centre).toBe(2);
    expect(meanStdScale([1, 3]).spread).toBeCloseTo(Math.SQRT2, 10);
    expect(meanStdScale([4, 4, 4]).spread).toBe(1);
  });
});

describe('windowScore', () => {
  const scale = { centre: 10, spread: 2 };
  it('is the sustain-th largest deviation in spreads', () => {
    expect(windowScore([10, 30, 12], scale, 1)).toBe(10);
    expect(windowScore([10, 30, 12], scale, 2)).toBe(1);
  });
  it('is 0 for an empty window or a spread of 0', () => {
    expect(windowScore([], scale, 2)).toBe(0);
    expect(windowScore([10, 99], { centre: 10, spread: 0 }, 1)).toBe(0);
  });
});

describe('splitValues', () => {
  it('splits around the anomaly time and drops non-finite values', () => {
    const points = [
      { t: 5, v: 1 },
      { t: 1, v: 2 },
      { t: 10, v: 3 },
      { t: 12, v: Number.NaN },
      { t: 20, v: 4 },
    ];
    expect(splitValues(points, 0, 10, 20)).toEqual({ baseline: [1, 2], window: [3] });
  });
});
