import type { Subject } from './subject.js';

/** Sum and count of metric values (or histogram observations); the mean is `sum / count`. */
export interface MeanAggregate {
  sum: number;
  count: number;
}

/**
 * Pre-summed span and metric data of one subject in one time bucket. Every field merges by
 * addition, so aggregates from several writers of the same bucket combine exactly.
 */
export interface BucketAggregate {
  subject: Subject;
  /** Bucket start, Unix epoch milliseconds, a multiple of the resolution. */
  bucketMs: number;
  /** Calls (server/consumer spans, or edge calls) that ended in the bucket. */
  requests: number;
  /** Failed calls among `requests`. */
  errors: number;
  /** Sum of the calls' durations, in whole microseconds (integers merge exactly). */
  latencySumUs: number;
  /** Sparse latency histogram: bucket index (see latency-buckets.ts) -> count. */
  latencyCounts: Map<number, number>;
  /**
   * Metric name -> values to average: gauges, non-monotonic sums, and histogram
   * observations (their sum and count).
   */
  metricMeans: Map<string, MeanAggregate>;
  /** Metric name -> increase of a monotonic sum in the bucket (reported per second). */
  metricIncreases: Map<string, number>;
}

/** What an aggregator drains and a store writes: bucket aggregates at one resolution. */
export interface SeriesBatch {
  /** Width of every bucket in the batch, milliseconds. Stores reject a different one. */
  resolutionMs: number;
  /** At most one aggregate per (subject, bucket). */
  buckets: BucketAggregate[];
}

/** A bucket aggregate holding nothing yet. */
export function emptyBucket(subject: Subject, bucketMs: number): BucketAggregate {
  return {
    subject,
    bucketMs,
    requests: 0,
    errors: 0,
    latencySumUs: 0,
    latencyCounts: new Map(),
    metricMeans: new Map(),
    metricIncreases: new Map(),
  };
}

/** Adds `from` into `into`; that both describe the same subject and bucket is the caller's business. */
export function mergeBucket(into: BucketAggregate, from: BucketAggregate): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.latencySumUs += from.latencySumUs;
  for (const [index, count] of from.latencyCounts) addCount(into.latencyCounts, index, count);
  for (const [name, m] of from.metricMeans) addMean(into.metricMeans, name, m.sum, m.count);
  for (const [name, increase] of from.metricIncreases) addCount(into.metricIncreases, name, increase);
}

/** Adds `n` to `map[key]`. */
export function addCount<K>(map: Map<K, number>, key: K, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** Adds a sum and a count to `map[name]`. */
export function addMean(map: Map<string, MeanAggregate>, name: string, sum: number, count: number): void {
  const m = map.get(name);
  if (m === undefined) map.set(name, { sum, count });
  else {
    m.sum += sum;
    m.count += count;
  }
}
