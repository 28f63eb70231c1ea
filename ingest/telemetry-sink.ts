import type { MetricPoint, SpanRecord } from './records.js';

/** The two OTLP signals faultline reads. */
export type Signal = 'traces' | 'metrics';

/** Where a Kafka batch ends: the next offset to read of one partition. */
export interface KafkaPosition {
  topic: string;
  partition: number;
  /** The offset after the last message of the batch (what a consumer commits), as a decimal string. */
  nextOffset: string;
}

/** Where a batch came from; Kafka batches carry their positions so a sink can store them atomically. */
export type BatchOrigin =
  | { source: 'kafka'; positions: readonly KafkaPosition[] }
  | { source: 'otlp-http' | 'otlp-grpc' }
  | { source: 'replay'; name: string };

/** Where one Kafka message's records end in a batch's arrays. */
export interface MessageSegment {
  /** The message's offset. */
  offset: number;
  /** Index just past this message's last span in `spans`. */
  spansEnd: number;
  /** Index just past this message's last point in `metrics`. */
  metricsEnd: number;
}

export interface TelemetryBatch {
  spans: readonly SpanRecord[];
  metrics: readonly MetricPoint[];
  /**
   * Kafka batches only: one entry per message, in offset order, so a sink can leave out the
   * messages it has already applied when a batch is delivered again.
   */
  segments?: readonly MessageSegment[];
}

/**
 * Where ingest hands decoded telemetry: the pipeline implements it. `write` resolves only
 * once the batch's effects are durable (a source commits its input after that, never
 * before) and rejects when they are not, in which case the source retries or refuses.
 */
export interface TelemetrySink {
  write(batch: TelemetryBatch, origin: BatchOrigin): Promise<void>;
}
