/**
 * Normalised internal records: what every ingest path (Kafka, OTLP/HTTP, file replay)
 * turns OTLP into, and the only telemetry shape the pipeline and topology ever see.
 * They hold just the fields faultline uses; everything else in OTLP is skipped.
 */

/** An attribute value after normalisation. Arrays and key-value lists become JSON strings. */
export type AttrValue = string | number | boolean;

export type SpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export type SpanStatus = 'unset' | 'ok' | 'error';

/** A link from a span to another span (used to pair CONSUMER spans with their PRODUCER). */
export interface SpanLink {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
}

export interface SpanRecord {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** 16 lowercase hex digits, or '' for a root span. */
  parentSpanId: string;
  /** Resource attribute `service.name`; `unknown_service` when absent. */
  service: string;
  kind: SpanKind;
  name: string;
  startNs: bigint;
  endNs: bigint;
  status: SpanStatus;
  /** `http.response.status_code`, or the deprecated `http.status_code`. */
  httpStatus?: number;
  /** `rpc.system` (grpc, connect_rpc, ...). */
  rpcSystem?: string;
  /**
   * The RPC status: `rpc.grpc.status_code` (int), or the newer `rpc.response.status_code`
   * (string such as "UNAVAILABLE" or a number as string), normalised to the gRPC integer
   * code when it is one of the 17 gRPC codes.
   */
  rpcStatus?: number;
  /** `service.peer.name`, or the deprecated `peer.service`. */
  peerService?: string;
  /** `server.address`, or the deprecated `net.peer.name`. */
  serverAddress?: string;
  /** `db.system.name`, or the deprecated `db.system`. */
  dbSystem?: string;
  /** `db.namespace`, or the deprecated `db.name`. */
  dbNamespace?: string;
  /** `messaging.system`. */
  messagingSystem?: string;
  /**
   * Extra span attributes that the caller asked for by key (the decoders'
   * `spanAttributes` option, for example the keys SLO span selectors filter on). It holds
   * only requested keys that the span has with a non-empty value, normalised like any
   * {@link AttrValue}. If a key appears more than once, the last one with a value wins.
   * Only span attributes count here, never resource, scope, event or link attributes.
   * A key that also feeds a field above (such as `http.response.status_code`) is
   * kept here as its raw attribute value as well. The property is absent (not `{}`) when
   * no keys were requested or the span has none of them.
   */
  attributes?: Record<string, AttrValue>;
  links: SpanLink[];
  /**
   * How many spans this one stands for, from an OTEP 235 sampling threshold (`ot=th:...`)
   * in its W3C tracestate: 10 for a span kept by a 10 % sampler. Absent when the span
   * carries no threshold.
   */
  adjustedCount?: number;
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';

export type Temporality = 'unspecified' | 'delta' | 'cumulative';

export interface ExponentialBuckets {
  offset: number;
  bucketCounts: number[];
}

export interface MetricPoint {
  /** Resource attribute `service.name`; `unknown_service` when absent. */
  service: string;
  name: string;
  unit: string;
  type: MetricType;
  /** For sum, histogram and exponential histogram; 'unspecified' for gauge and summary. */
  temporality: Temporality;
  /** Sums only; false for every other type. */
  monotonic: boolean;
  /** Data point attributes (not resource attributes). */
  attributes: Record<string, AttrValue>;
  startNs: bigint;
  timeNs: bigint;
  /** Gauge and sum points: the value (as_double or as_int). */
  value?: number;
  /** Histogram, exponential histogram and summary points. */
  count?: number;
  sum?: number;
  /** Explicit-bucket histograms. `bucketCounts.length === explicitBounds.length + 1`. */
  bucketCounts?: number[];
  explicitBounds?: number[];
  /** Exponential histograms. */
  scale?: number;
  zeroCount?: number;
  positive?: ExponentialBuckets;
  negative?: ExponentialBuckets;
  /** Summaries: quantile -> value. */
  quantiles?: Array<{ quantile: number; value: number }>;
}
