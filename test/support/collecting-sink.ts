import type { MetricPoint, SpanRecord } from '../../ingest/records.js';
import type { BatchOrigin, TelemetryBatch, TelemetrySink } from '../../ingest/telemetry-sink.js';

/** A sink that keeps what it is given, and can be told to fail, for ingest tests. */
export class CollectingSink implements TelemetrySink {
  spans: SpanRecord[] = [];
  metrics: MetricPoint[] = [];
  origins: BatchOrigin[] = [];
  failing = false;
  private waiters: Array<() => void> = [];

  async write(batch: TelemetryBatch, origin: BatchOrigin): Promise<void> {
    if (this.failing) throw new Error('sink unavailable (test)');
    this.spans.push(...batch.spans);
    this.metrics.push(...batch.metrics);
    this.origins.push(origin);
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `predicate` holds, rejecting after `timeoutMs`. */
  until(predicate: (sink: CollectingSink) => boolean, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `sink condition not met in ${timeoutMs} ms (${this.spans.length} spans, ${this.metrics.length} points)`,
            ),
          ),
        timeoutMs,
      );
      const look = (): void => {
        if (predicate(this)) {
          clearTimeout(timer);
          resolve();
        } else {
          this.waiters.push(look);
        }
      };
      look();
    });
  }
}
