import { type Clock, endMinuteAt } from '../../core/clock.js';
import type { Component } from '../../core/component.js';
import { PeriodicTask, type Schedule } from '../../core/periodic-task.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { SloStatusReader } from './slo-status-reader.js';
import type { SloStatusSnapshot } from './status-snapshot.js';

export interface StatusRefresherOptions {
  reader: SloStatusReader;
  snapshot: SloStatusSnapshot;
  /** The alert evaluation's schedule: the snapshot is as fresh as an evaluation would make it. */
  schedule: Schedule;
  clock: Clock;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Keeps the status snapshot fresh on every instance: on each tick of the alert evaluation's
 * schedule it reads every SLO's status once (one store call per SLO, as an evaluation does)
 * and publishes it. A failed read clears the snapshot. One read per tick, whatever the
 * number of scrapes.
 */
export class StatusRefresher implements Component {
  readonly name = 'status-refresh';
  private readonly task: PeriodicTask<void>;
  private closed = false;

  constructor(private readonly o: StatusRefresherOptions) {
    this.task = new PeriodicTask({
      name: this.name,
      schedule: o.schedule,
      run: () => this.refresh(),
      failure: 'SLO status refresh failed',
      failureLevel: 'warn',
      ...(o.metrics ? { metrics: o.metrics } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
    });
  }

  async start(): Promise<void> {
    await this.task.start();
    // The first figures now rather than at the first tick; start does not wait for the store.
    void this.task.runNow();
  }

  /** One refresh that starts now (after the one under way, if any). */
  async runOnce(): Promise<void> {
    await this.task.runFresh();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.task.close();
  }

  private async refresh(): Promise<void> {
    const { snapshot, reader, clock } = this.o;
    if (this.closed) return;
    const atMs = clock.now();
    try {
      snapshot.publish(await reader.read(endMinuteAt(atMs)), atMs);
    } catch (err) {
      snapshot.clear();
      throw err;
    }
  }
}
