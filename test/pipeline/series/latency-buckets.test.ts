import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LATENCY_BUCKET_COUNT,
  LATENCY_MAX_MS,
  LATENCY_MIN_MS,
  LATENCY_RATIO,
  LATENCY_RELATIVE_ERROR,
  latencyBucketIndex,
  latencyBucketLowerBound,
  latencyBucketUpperBound,
  latencyQuantile,
} from '../../../pipeline/series/latency-buckets.js';

function countsOf(samples: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const ms of samples) {
    const i = latencyBucketIndex(ms);
    counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  return counts;
}

/** The nearest-rank quantile: the smallest sample with at least q * n samples at or below it. */
function exactQuantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] as number;
}

/** Durations spread evenly on a log scale over the finite buckets. */
const logDuration = fc
  .double({ min: Math.log(LATENCY_MIN_MS), max: Math.log(LATENCY_MAX_MS), noNaN: true })
  .map(Math.exp)
  .filter((ms) => ms >= LATENCY_MIN_MS && ms < LATENCY_MAX_MS);

describe('latency buckets', () => {
  it('spans 0.05 ms to about 21.6 minutes by a ratio of 2^(1/8), plus underflow and overflow', () => {
    expect(LATENCY_BUCKET_COUNT).toBe(199);
    expect(latencyBucketLowerBound(0)).toBe(0);
    expect(latencyBucketUpperBound(0)).toBe(LATENCY_MIN_MS);
    expect(LATENCY_MAX_MS).toBeGreaterThan(20 * 60_000);
    expect(latencyBucketUpperBound(LATENCY_BUCKET_COUNT - 1)).toBe(Number.POSITIVE_INFINITY);
    for (let i = 1; i < LATENCY_BUCKET_COUNT - 1; i++) {
      expect(latencyBucketUpperBound(i) / latencyBucketLowerBound(i)).toBeCloseTo(LATENCY_RATIO, 12);
      expect(latencyBucketIndex(latencyBucketLowerBound(i)), `lower bound of ${i}`).toBe(i);
      expect(latencyBucketIndex(latencyBucketUpperBound(i)), `upper bound of ${i}`).toBe(i + 1);
    }
    expect(LATENCY_RELATIVE_ERROR).toBeCloseTo(0.0905, 4);
    expect(() => latencyBucketLowerBound(LATENCY_BUCKET_COUNT)).toThrow(RangeError);
  });

  it('puts every duration in the bucket whose bounds hold it', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3 * LATENCY_MAX_MS, noNaN: true }), (ms) => {
        const i = latencyBucketIndex(ms);
        expect(latencyBucketLowerBound(i)).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(latencyBucketUpperBound(i));
      }),
    );
    expect(latencyBucketIndex(-5)).toBe(0);
    expect(latencyBucketIndex(Number.NaN)).toBe(0);
  });

  it('estimates quantiles within the stated relative error of the exact quantile', () => {
    fc.assert(
      fc.property(
        fc.array(logDuration, { minLength: 1, maxLength: 400 }),
        fc.oneof(
          fc.constantFrom(0.5, 0.9, 0.95, 0.99, 0.999, 1),
          fc.double({ min: 0.001, max: 1, noNaN: true }),
        ),
        (samples, q) => {
          const exact = exactQuantile(samples, q);
          const estimate = latencyQuantile(countsOf(samples), q) as number;
          expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(
            LATENCY_RELATIVE_ERROR * (1 + 1e-12),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is within 0.05 ms below the scheme and reports the top bound above it', () => {
    expect(latencyQuantile(countsOf([0.001, 0.002, 0.049]), 0.5)).toBeLessThan(LATENCY_MIN_MS);
    expect(latencyQuantile(countsOf([LATENCY_MAX_MS * 2]), 0.99)).toBe(LATENCY_MAX_MS);
    expect(latencyQuantile(new Map(), 0.5)).toBeUndefined();
    expect(latencyQuantile(new Map([[10, 0]]), 0.5)).toBeUndefined();
  });

  it('merges by adding counts: merged counts give the quantiles of the union of samples', () => {
    fc.assert(
      fc.property(fc.array(logDuration, { minLength: 1 }), fc.array(logDuration), (a, b) => {
        const merged = countsOf(a);
        for (const [i, c] of countsOf(b)) merged.set(i, (merged.get(i) ?? 0) + c);
        for (const q of [0.5, 0.95, 0.99])
          expect(latencyQuantile(merged, q)).toBe(latencyQuantile(countsOf([...a, ...b]), q));
      }),
    );
  });
});
