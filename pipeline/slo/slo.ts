/**
 * The SLO model every spec format (native YAML, OpenSLO v1) is mapped onto, and the only
 * shape the pipeline, alerting and the API read.
 */

/** Which spans of the SLO's service count. Server and consumer spans only. */
export interface SpanSelector {
  /** Span names (operations) to include; empty means all. */
  operations: string[];
  /** Span attributes that must equal these values (compared as strings). */
  attributes: Record<string, string>;
}

/** Which OTLP metric series count: a metric name plus data-point attributes that must match. */
export interface MetricSelector {
  name: string;
  /** Data-point attributes that must equal these values (compared as strings). */
  attributes: Record<string, string>;
}

export type Sli =
  /** Good = not failed: status ERROR, HTTP 5xx, or an RPC server error code make a span bad. */
  | { kind: 'availability'; spans: SpanSelector }
  /** Good = duration <= thresholdMs. */
  | { kind: 'latency'; spans: SpanSelector; thresholdMs: number }
  /**
   * Good/total from counters (sums). Exactly two of good, bad and total are given; the
   * third follows (total = good + bad).
   */
  | { kind: 'metric-ratio'; good?: MetricSelector; bad?: MetricSelector; total?: MetricSelector }
  /**
   * Good = observations in histogram buckets whose upper bound is <= thresholdBound; total =
   * the histogram count. The threshold must be one of the histogram's bucket bounds.
   */
  | { kind: 'metric-threshold'; histogram: MetricSelector; thresholdBound: number };

export interface Slo {
  /** Stable identifier: `<service>/<name>`; unique across all loaded specs. */
  id: string;
  service: string;
  name: string;
  /** Target as a fraction, e.g. 0.999 for 99.9 %. */
  objective: number;
  /** The rolling period the error budget covers, in minutes (28d = 40320). */
  periodMinutes: number;
  sli: Sli;
  labels: Record<string, string>;
  description?: string;
  runbookUrl?: string;
  dashboardUrl?: string;
  /** Where it was defined, for error messages and the API. */
  origin: { file: string; format: 'native' | 'openslo' };
}

/** The span attributes SLO selectors filter on: the only ones decoders need to keep. */
export function spanAttributeKeys(slos: readonly Slo[]): ReadonlySet<string> {
  const keys = new Set<string>();
  for (const slo of slos) {
    if (slo.sli.kind === 'availability' || slo.sli.kind === 'latency') {
      for (const k of Object.keys(slo.sli.spans.attributes)) keys.add(k);
    }
  }
  return keys;
}
