/**
 * The fixed, log-spaced latency bucket scheme every series uses. Buckets are the same in
 * every process, so histograms from several instances (and several time buckets) merge by
 * adding their counts; raw samples are never kept.
 *
 * - index 0 is the underflow bucket `[0, LATENCY_MIN_MS)`;
 * - index i in `1..LATENCY_FINITE_BUCKETS` covers `[MIN * R^(i-1), MIN * R^i)` with
 *   `R = 2^(1/8)`, from 0.05 ms up to about 21.6 minutes;
 * - the last index is the overflow bucket `[LATENCY_MAX_MS, +inf)`.
 *
 * Accuracy: a quantile estimated by {@link latencyQuantile} lies in the same bucket as the
 * exact (nearest-rank) quantile of the samples, so for values in `[MIN, MAX)` its relative
 * error is below {@link LATENCY_RELATIVE_ERROR} (`2^(1/8) - 1`, about 9.05 %). Below MIN
 * the absolute error is below 0.05 ms; in the overflow bucket the estimate is MAX.
 */

/** Lower bound of the first finite bucket, in milliseconds. */
export const LATENCY_MIN_MS = 0.05;
/** Ratio between consecutive bucket bounds. */
export const LATENCY_RATIO = 2 ** (1 / 8);
/** Number of finite log-spaced buckets (between the underflow and the overflow bucket). */
export const LATENCY_FINITE_BUCKETS = 197;
/** Total number of buckets: underflow, finite ones, overflow. Valid indexes are `0..COUNT-1`. */
export const LATENCY_BUCKET_COUNT = LATENCY_FINITE_BUCKETS + 2;
/** Largest relative error of a quantile estimate for values in `[MIN, MAX)`. */
export const LATENCY_RELATIVE_ERROR = LATENCY_RATIO - 1;

/** `BOUNDS[i]` is the lower bound of bucket i; `BOUNDS[COUNT]` is +Infinity. */
const BOUNDS: readonly number[] = (() => {
  const bounds = [0];
  for (let i = 1; i <= LATENCY_FINITE_BUCKETS + 1; i++) bounds.push(LATENCY_MIN_MS * 2 ** ((i - 1) / 8));
  bounds.push(Number.POSITIVE_INFINITY);
  return bounds;
})();

/** Lower bound of the overflow bucket (about 1.29e6 ms, 21.6 minutes). */
export const LATENCY_MAX_MS = BOUNDS[LATENCY_FINITE_BUCKETS + 1] as number;

const LOG_RATIO = Math.log(LATENCY_RATIO);

/** The bucket a duration in milliseconds falls in. Negative and NaN durations count as 0. */
export function latencyBucketIndex(ms: number): number {
  if (!(ms >= LATENCY_MIN_MS)) return 0;
  if (ms >= LATENCY_MAX_MS) return LATENCY_BUCKET_COUNT - 1;
  let i = Math.floor(Math.log(ms / LATENCY_MIN_MS) / LOG_RATIO) + 1;
  // The logarithm can be off by one ulp at a bound; the table decides.
  if (ms < lowerOf(i)) i--;
  else if (ms >= lowerOf(i + 1)) i++;
  return i;
}

/** Lower bound (inclusive) of bucket `index`, in milliseconds. */
export function latencyBucketLowerBound(index: number): number {
  checkIndex(index);
  return lowerOf(index);
}

/** Upper bound (exclusive) of bucket `index`, in milliseconds; +Infinity for the overflow bucket. */
export function latencyBucketUpperBound(index: number): number {
  checkIndex(index);
  return lowerOf(index + 1);
}

/**
 * Estimates quantile `q` (0..1) from sparse bucket counts (index -> count). Finds the
 * bucket holding rank `q * total` and interpolates inside it: linearly in the underflow
 * bucket, geometrically (linear in log space) in the log-spaced ones; the overflow bucket
 * yields {@link LATENCY_MAX_MS}. Returns undefined when there are no counts.
 */
export function latencyQuantile(counts: ReadonlyMap<number, number>, q: number): number | undefined {
  return latencyQuantiles(counts, [q])[0];
}

/**
 * {@link latencyQuantile} for several quantiles of one bucket, its counts sorted once: a day
 * of series asks three quantiles of each of 8640 buckets per node, and the sorting was most
 * of a root-cause query's time on the event loop.
 */
export function latencyQuantiles(
  counts: ReadonlyMap<number, number>,
  qs: readonly number[],
): Array<number | undefined> {
  const entries = [...counts].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  let total = 0;
  for (const [, c] of entries) total += c;
  return qs.map((q) => (total === 0 ? undefined : quantileOf(entries, total, q)));
}

function quantileOf(entries: ReadonlyArray<[number, number]>, total: number, q: number): number {
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let below = 0;
  for (const [index, count] of entries) {
    if (below + count >= rank) {
      const fraction = Math.min(Math.max((rank - below) / count, 0), 1);
      return interpolate(index, fraction);
    }
    below += count;
  }
  // Unreachable: the last bucket always reaches rank <= total.
  return interpolate((entries[entries.length - 1] as [number, number])[0], 1);
}

function interpolate(index: number, fraction: number): number {
  if (index >= LATENCY_BUCKET_COUNT - 1) return LATENCY_MAX_MS;
  const lower = lowerOf(index);
  const upper = lowerOf(index + 1);
  if (index === 0) return upper * fraction;
  return lower * (upper / lower) ** fraction;
}

function lowerOf(index: number): number {
  return BOUNDS[index] as number;
}

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= LATENCY_BUCKET_COUNT) {
    throw new RangeError(`latency bucket index out of range: ${index}`);
  }
}
