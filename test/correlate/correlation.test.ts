import { describe, expect, it } from 'vitest';
import { correlationWithSli, inferStep, pearson, resample } from '../../correlate/correlation.js';

describe('inferStep', () => {
  it('is the median gap between distinct times, whatever the order', () => {
    expect(
      inferStep([
        { t: 30, v: 0 },
        { t: 0, v: 0 },
        { t: 10, v: 0 },
        { t: 10, v: 1 },
        { t: 20, v: 0 },
      ]),
    ).toBe(10);
    expect(
      inferStep([
        { t: 0, v: 0 },
        { t: 10, v: 0 },
        { t: 40, v: 0 },
      ]),
    ).toBe(10);
    expect(inferStep([{ t: 5, v: 1 }])).toBeUndefined();
  });
});

describe('resample', () => {
  it('averages the points of each grid cell and leaves empty cells out', () => {
    const cells = resample(
      [
        { t: 100, v: 1 },
        { t: 104, v: 3 },
        { t: 125, v: 7 },
        { t: 99, v: 50 },
        { t: 130, v: 50 },
      ],
      100,
      130,
      10,
    );
    expect([...cells]).toEqual([
      [0, 2],
      [2, 7],
    ]);
  });
});

describe('pearson', () => {
  it('is the sample correlation', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
  });

  it('is null for too few pairs, a constant side or unequal lengths', () => {
    expect(pearson([1, 2], [1, 2], 3)).toBeNull();
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNull();
    expect(pearson([1, 2, 3], [1, 2])).toBeNull();
  });
});

describe('correlationWithSli', () => {
  const sli = new Map([0, 1, 2, 3, 4, 5, 6, 7].map((k) => [k, k < 4 ? 1 : 5]));
  const range = { from: 0, to: 80, step: 10 };

  it('pairs only the grid cells both sides have, at any offset inside a cell', () => {
    const signal = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => ({ t: k * 10 + 3, v: k < 4 ? 20 : 90 }));
    expect(correlationWithSli(signal, sli, range, 4)).toBeCloseTo(1, 12);
    const sparse = signal.filter((_, i) => i % 2 === 0);
    expect(correlationWithSli(sparse, sli, range, 4)).toBeCloseTo(1, 12);
    expect(correlationWithSli(sparse, sli, range, 5)).toBeNull();
  });

  it('sees a signal that moves against the SLI as strongly (negatively) correlated', () => {
    const signal = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => ({ t: k * 10, v: k < 4 ? 9 : 1 }));
    expect(correlationWithSli(signal, sli, range, 4)).toBeCloseTo(-1, 12);
  });
});
