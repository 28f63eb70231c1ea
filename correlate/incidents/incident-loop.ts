import type { Component } from '../../engine/component.js';
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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<IncidentTick | undefined> | undefined;
  private closed = false;

  constructor(private readonly o: IncidentLoopOptions) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => void this.runOnce(), this.o.intervalMs);
    this.timer.unref();
  }

  /** One update now; joins one under way. Never throws. */
  runOnce(): Promise<IncidentTick | undefined> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async run(): Promise<IncidentTick | undefined> {
    if (this.closed) return undefined;
    try {
      return await this.o.manager.tick();
    } catch (err) {
      this.o.metrics?.loopErrors.inc({ component: this.name });
      this.o.logger?.error({ err }, 'incident update failed');
      return undefined;
    }
  }
}
