import { latencyQuantiles } from './latency-buckets.js';
import type { BucketAggregate } from './series-batch.js';

/** The signals derived from spans (service calls or edge calls). */
export const SPAN_SIGNALS = [
  'requests',
  'errors',
  'error_rate',
  'latency_mean',
  'latency_p50',
  'latency_p95',
  'latency_p99',
] as const;

/** A signal derived from spans: rates per second, a ratio, or latencies in milliseconds. */
export type SpanSignal = (typeof SPAN_SIGNALS)[number];

/** A signal derived from an OTLP metric of the subject's service: `metric:<metric name>`. */
export type MetricSignal = `metric:${string}`;

/** The name of one series of a subject. */
export type Signal = SpanSignal | MetricSignal;

/** One value of a series: `t` is the bucket start (Unix epoch milliseconds). */
export interface SeriesPoint {
  t: number;
  v: number;
}

/** Series by signal; each array is sorted by `t` and holds only buckets with data. */
export type SeriesResult = { [S in Signal]?: SeriesPoint[] };

const QUANTILES: ReadonlyArray<[SpanSignal, number]> = [
  ['latency_p50', 0.5],
  ['latency_p95', 0.95],
  ['latency_p99', 0.99],
];
const QUANTILE_LEVELS = QUANTILES.map(([, q]) => q);

/** The metric signal name of a metric. */
export function metricSignal(metricName: string): MetricSignal {
  return `metric:${metricName}`;
}

/** True for `requests`, `errors`, ... (the span signals). */
export function isSpanSignal(signal: string): signal is SpanSignal {
  return (SPAN_SIGNALS as readonly string[]).includes(signal);
}

/**
 * The values of every signal one merged bucket yields. Span signals only exist when the
 * bucket has calls; a metric signal is the per-second increase for a monotonic sum, else
 * the mean of the values.
 */
export function bucketSignals(bucket: BucketAggregate, resolutionMs: number): Map<Signal, number> {
  const out = new Map<Signal, number>();
  const seconds = resolutionMs / 1000;
  if (bucket.requests > 0) {
    out.set('requests', bucket.requests / seconds);
    out.set('errors', bucket.errors / seconds);
    out.set('error_rate', bucket.errors / bucket.requests);
    out.set('latency_mean', bucket.latencySumUs / 1000 / bucket.requests);
    const values = latencyQuantiles(bucket.latencyCounts, QUANTILE_LEVELS);
    for (const [i, [signal]] of QUANTILES.entries()) {
      const v = values[i];
      if (v !== undefined) out.set(signal, v);
    }
  }
  for (const [name, m] of bucket.metricMeans) {
    if (m.count > 0) out.set(metricSignal(name), m.sum / m.count);
  }
  // A monotonic sum wins over a mean of the same name (one misconfigured instrument).
  for (const [name, increase] of bucket.metricIncreases) out.set(metricSignal(name), increase / seconds);
  return out;
}

/**
 * Builds a query answer from merged buckets: every requested signal (all present ones, and
 * all span signals, when `signals` is undefined), points sorted by time.
 */
export function seriesFromBuckets(
  buckets: Iterable<BucketAggregate>,
  resolutionMs: number,
  signals: readonly Signal[] | undefined,
): SeriesResult {
  const result: SeriesResult = {};
  const wanted = signals === undefined ? undefined : new Set<Signal>(signals);
  for (const s of signals ?? SPAN_SIGNALS) result[s] = [];
  const sorted = [...buckets].sort((a, b) => a.bucketMs - b.bucketMs);
  for (const bucket of sorted) {
    for (const [signal, v] of bucketSignals(bucket, resolutionMs)) {
      if (wanted !== undefined && !wanted.has(signal)) continue;
      const points = result[signal] ?? [];
      points.push({ t: bucket.bucketMs, v });
      result[signal] = points;
    }
  }
  return result;
}
