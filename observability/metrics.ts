import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus metric faultline exposes about itself, declared in one place so names
 * and labels stay consistent. Each engine owns one registry (no global state), which keeps
 * several engines in one test process apart.
 */
export class EngineMetrics {
  readonly registry = new Registry();

  readonly ingestMessages = new Counter({
    name: 'faultline_ingest_messages_total',
    help: 'Telemetry messages (Kafka records or OTLP/HTTP requests) received.',
    labelNames: ['source', 'signal'] as const,
    registers: [this.registry],
  });

  readonly ingestRecords = new Counter({
    name: 'faultline_ingest_records_total',
    help: 'Spans and metric data points decoded from received messages.',
    labelNames: ['source', 'signal'] as const,
    registers: [this.registry],
  });

  readonly ingestBytes = new Counter({
    name: 'faultline_ingest_bytes_total',
    help: 'Payload bytes received, before decompression.',
    labelNames: ['source', 'signal'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'faultline_ingest_dead_letters_total',
    help: 'Kafka messages that could not be decoded and were written to the dead-letter topic.',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });

  readonly rejectedRequests = new Counter({
    name: 'faultline_ingest_rejected_requests_total',
    help: 'OTLP/HTTP requests answered with an error status, by reason.',
    labelNames: ['signal', 'reason'] as const,
    registers: [this.registry],
  });

  readonly invalidRecords = new Counter({
    name: 'faultline_ingest_invalid_records_total',
    help: 'Decoded spans and data points refused because a field is invalid (e.g. an all-zero trace id).',
    labelNames: ['source', 'reason'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'faultline_kafka_consumer_lag',
    help: 'Messages between the high watermark and the last processed offset, per partition.',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly batchSeconds = new Histogram({
    name: 'faultline_ingest_batch_seconds',
    help: 'Time to decode and hand over one batch to the pipeline.',
    labelNames: ['source'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly lateRecords = new Counter({
    name: 'faultline_pipeline_late_records_total',
    help: 'Spans and points older than the allowed lateness: not counted in any SLI window.',
    labelNames: ['signal'] as const,
    registers: [this.registry],
  });

  readonly duplicateDeltas = new Counter({
    name: 'faultline_pipeline_duplicate_deltas_total',
    help: 'Per-SLO deltas of redelivered Kafka messages that the store had already applied.',
    registers: [this.registry],
  });

  readonly loopErrors = new Counter({
    name: 'faultline_background_errors_total',
    help: 'Errors caught at the edge of a background loop, by component.',
    labelNames: ['component'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, prefix: 'faultline_' });
  }
}
