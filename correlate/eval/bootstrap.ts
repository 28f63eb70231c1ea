/** Uncertainty of accuracy figures over a small set of cases. */

/** A 95 % percentile interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Resamples drawn for every interval. */
export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * Percentile bootstrap 95 % interval of the mean of `values` (per-case 0/1 hits, or per-case
 * differences), `BOOTSTRAP_RESAMPLES` resamples drawn with `rand` (uniform in [0, 1); pass a
 * seeded one for reproducible reports). `{0, 0}` for no values.
 */
export function bootstrapMean(values: readonly number[], rand: () => number): Interval {
  const n = values.length;
  if (n === 0) return { low: 0, high: 0 };
  const means: number[] = [];
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(rand() * n)]!;
    means.push(sum / n);
  }
  means.sort((a, b) => a - b);
  return {
    low: means[Math.floor(0.025 * (means.length - 1))]!,
    high: means[Math.ceil(0.975 * (means.length - 1))]!,
  };
}

/** A paired comparison of two methods on the same cases. */
export interface PairedComparison {
  /** Mean of (a - b) per case, on AC@1 hits. */
  readonly meanDifference: number;
  /** Its bootstrap 95 % interval: excluding 0 means the difference is not resampling noise. */
  readonly interval: Interval;
  /** Cases only `a` ranks first, and only `b`. */
  readonly onlyA: number;
  readonly onlyB: number;
  /** Exact two-sided sign-test p-value on those discordant cases. */
  readonly signTestP: number;
}

/** Paired comparison of per-case AC@1 hits (1 or 0) of two methods. */
export function pairedComparison(
  a: readonly number[],
  b: readonly number[],
  rand: () => number,
): PairedComparison {
  const diff = a.map((x, i) => x - (b[i] ?? 0));
  const onlyA = diff.filter((d) => d > 0).length;
  const onlyB = diff.filter((d) => d < 0).length;
  return {
    meanDifference: diff.length === 0 ? 0 : diff.reduce((s, d) => s + d, 0) / diff.length,
    interval: bootstrapMean(diff, rand),
    onlyA,
    onlyB,
    signTestP: signTest(onlyA, onlyB),
  };
}

function signTest(x: number, y: number): number {
  const n = x + y;
  if (n === 0) return 1;
  const k = Math.min(x, y);
  let tail = 0;
  let c = 1; // C(n, 0)
  for (let i = 0; i <= k; i++) {
    tail += c;
    c = (c * (n - i)) / (i + 1);
  }
  return Math.min(1, (2 * tail) / 2 ** n);
}
