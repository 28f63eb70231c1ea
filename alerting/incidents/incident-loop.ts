import type { Component } from '../../core/component.js';
import { PeriodicTask } from '../../core/periodic-task.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { IncidentManager, IncidentTick } from './incident-manager.js';

export interface IncidentLoopOptions {
  manager: Pick<IncidentManager, 'tick'>;
  /** How often incidents are updated, ms. */
  intervalMs: number;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Updates incidents every `intervalMs` (the manager does nothing unless this instance holds
 * the evaluation lease). Runs never overlap, errors are caught, counted and logged, the
 * timer is unref'd, and `close()` waits for a run under way.
 */
export class IncidentLoop implements Component {
  readonly name = 'incidents';
  private readonly task: PeriodicTask<IncidentTick | undefined>;
  private closed = false;
  /** Aborted on close, so an update under way stops at its next turn instead of holding shutdown. */
  private readonly stopping = new AbortController();

  constructor(private readonly o: IncidentLoopOptions) {
    this.task = new PeriodicTask({
      name: this.name,
      schedule: { everyMs: o.intervalMs },
      run: () => this.run(),
      failure: 'incident update failed',
      metrics: o.metrics,
      logger: o.logger,
    });
  }

  async start(): Promise<void> {
    await this.task.start();
  }

  /** One update now; joins one under way. Never throws. */
  async runOnce(): Promise<IncidentTick | undefined> {
    return (await this.task.runNow()) ?? undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopping.abort();
    await this.task.close();
  }

  private async run(): Promise<IncidentTick | undefined> {
    if (this.closed) return undefined;
    return this.o.manager.tick(this.stopping.signal);
  }
}
