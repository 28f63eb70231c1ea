import type { TelemetryBatch, TelemetrySink } from '../ingest/telemetry-sink.js';

/**
 * Accepts every batch and keeps nothing. It stands where the pipeline's window sink goes
 * until that lands, so ingest can run (and be measured) end to end on its own.
 */
export class DiscardSink implements TelemetrySink {
  batches = 0;
  records = 0;

  async write(batch: TelemetryBatch): Promise<void> {
    this.batches++;
    this.records += batch.spans.length + batch.metrics.length;
  }
}
