import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';

export interface SinkBackpressureOptions {
  /** First wait before a failed batch is written again, ms; doubles up to `maxMs`. */
  initialMs: number;
  maxMs: number;
  /** Stops fetching (every subscribed topic); called when the first batch starts failing. */
  pause: () => void;
  /** Fetches again; called when no batch is failing any more. */
  resume: () => void;
  metrics: EngineMetrics;
  logger: Logger;
}

/** What a batch in hand offers while its write is retried. */
export interface BatchControl {
  /** Keeps the consumer in its group; rejects when a rebalance takes the partition away. */
  heartbeat: () => Promise<void>;
  /** True once the batch must be given up (shutdown, or its partition was revoked). */
  abandoned: () => boolean;
}

/**
 * Back-pressure between the Kafka consumer and the pipeline. When the pipeline cannot store
 * a batch (its store is down), the batch stays in hand and is written again with
 * exponential backoff, heartbeating between attempts; meanwhile the consumer is paused, so
 * nothing more is fetched and memory stays at what is in hand. When every failing batch is
 * durable (or given up), the consumer resumes. Offsets of a batch are only resolved after
 * it is durable, so nothing is committed while the store is down.
 */
export class SinkBackpressure {
  private failing = 0;
  private readonly stopping = new AbortController();

  constructor(private readonly o: SinkBackpressureOptions) {}

  /** Whether consumption is paused because a batch cannot be stored. */
  get paused(): boolean {
    return this.failing > 0;
  }

  /**
   * Calls `write` until it succeeds (true) or the batch is abandoned (false). Rejects only
   * with a heartbeat's error (a rebalance), which the consumer handles by rejoining.
   */
  async writeUntilDurable(write: () => Promise<void>, batch: BatchControl): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      this.o.metrics.sinkFailures.inc({ source: 'kafka' });
      this.failed(err);
    }
    try {
      for (let attempt = 1; ; attempt++) {
        if (batch.abandoned() || !(await this.wait(attempt))) return false;
        await batch.heartbeat();
        if (batch.abandoned()) return false;
        try {
          await write();
          return true;
        } catch (err) {
          this.o.metrics.sinkFailures.inc({ source: 'kafka' });
          if (attempt % 10 === 0) this.o.logger.warn({ err, attempt }, 'pipeline still cannot store a batch');
        }
      }
    } finally {
      this.recovered();
    }
  }

  /** Cuts every wait short: the batches in hand are given up (they are read again later). */
  close(): void {
    this.stopping.abort();
  }

  private failed(err: unknown): void {
    this.failing++;
    if (this.failing > 1) return;
    this.o.metrics.kafkaPaused.set(1);
    this.o.logger.warn({ err }, 'pipeline cannot store batches; pausing consumption until it can');
    this.o.pause();
  }

  private recovered(): void {
    this.failing--;
    if (this.failing > 0) return;
    this.o.metrics.kafkaPaused.set(0);
    this.o.logger.info('no batch is failing any more; resuming consumption');
    this.o.resume();
  }

  /** Waits before attempt `attempt`; false when closed meanwhile. */
  private async wait(attempt: number): Promise<boolean> {
    const ms = Math.min(this.o.maxMs, this.o.initialMs * 2 ** Math.min(attempt - 1, 20));
    try {
      await sleep(ms, undefined, { signal: this.stopping.signal });
      return true;
    } catch {
      return false;
    }
  }
}
