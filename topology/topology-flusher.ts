import type { Component } from '../core/component.js';
import { PeriodicTask } from '../core/periodic-task.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { SeriesBatch } from '../pipeline/series/series-batch.js';
import { positiveOption } from './errors.js';
import type { GraphStore } from './graph-store.js';
import type { TopologyBuilder } from './topology-builder.js';

export interface TopologyFlusherOptions {
  builder: TopologyBuilder;
  store: GraphStore;
  /**
   * The series aggregator the builder feeds and its store: calls completed by expiry (virtual
   * edges) are written from here, since no pipeline batch may come to carry them.
   */
  series?: { aggregator: { drain(): SeriesBatch }; store: { write(batch: SeriesBatch): Promise<unknown> } };
  /** How often expired pairs are settled and edge updates written, ms (default 5 000). */
  intervalMs?: number;
  metrics?: EngineMetrics;
  logger: Logger;
}

/**
 * The topology's background loop, as an engine component: every `intervalMs` it expires
 * the pairs whose wait is over, then writes the builder's pre-summed edge updates to the
 * graph store (a handful of commands per flush, whatever the span rate). Runs never
 * overlap; a failed write puts its updates back for the next run, and is counted and
 * logged, never thrown. `close()` stops the timer and writes what is left.
 */
export class TopologyFlusher implements Component {
  readonly name = 'topology';
  private readonly task: PeriodicTask<void>;
  private closed = false;

  constructor(private readonly opts: TopologyFlusherOptions) {
    this.task = new PeriodicTask({
      name: this.name,
      schedule: { everyMs: positiveOption('intervalMs', opts.intervalMs ?? 5000) },
      run: () => this.runOnce(),
      failure: 'topology flush failed',
      failureLevel: 'warn',
      metrics: opts.metrics,
      logger: opts.logger,
    });
  }

  async start(): Promise<void> {
    await this.task.start();
  }

  /** Expires due pairs and writes pending updates now; waits for a run already under way. */
  async flush(): Promise<void> {
    await this.task.runFresh();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.task.close();
    await this.flush();
  }

  private async runOnce(): Promise<void> {
    const { builder, store, series } = this.opts;
    builder.expire();
    const updates = builder.drain();
    try {
      if (updates.length > 0) await store.write(updates);
    } catch (err) {
      builder.restore(updates);
      this.failed(err, 'graph store write failed; will retry');
    }
    if (series === undefined) return;
    const batch = series.aggregator.drain();
    if (batch.buckets.length === 0) return;
    try {
      await series.store.write(batch);
    } catch (err) {
      this.failed(err, 'edge series write failed');
    }
  }

  private failed(err: unknown, message: string): void {
    this.opts.metrics?.loopErrors.inc({ component: this.name });
    this.opts.logger.warn({ err }, message);
  }
}
