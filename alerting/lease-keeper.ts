import type { Component, HealthCheck } from '../core/component.js';
import { PeriodicTask } from '../core/periodic-task.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { Lease } from './lease.js';

export interface LeaseKeeperOptions {
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Keeps trying to take or renew the evaluation lease, three times per lease period, so the
 * holder renews long before its lease runs out and a standby takes over at most a third of
 * a period after the lease of a dead holder expired. Releases the lease on close.
 */
export class LeaseKeeper implements Component {
  readonly name = 'alerting-lease';
  private readonly task: PeriodicTask<void>;
  private leading = false;
  private closed = false;

  constructor(
    readonly lease: Lease,
    private readonly o: LeaseKeeperOptions = {},
  ) {
    this.task = new PeriodicTask({
      name: this.name,
      schedule: { everyMs: Math.max(1, Math.floor(lease.periodMs / 3)) },
      run: () => this.attempt(),
      failure: 'evaluation lease attempt failed',
      metrics: o.metrics,
      logger: o.logger,
    });
  }

  async start(): Promise<void> {
    await this.tick();
    await this.task.start();
  }

  /** One attempt to take or renew the lease; never throws. */
  async tick(): Promise<void> {
    await this.task.runNow();
  }

  async check(): Promise<HealthCheck> {
    return { name: this.name, ok: true, detail: this.lease.held() ? 'leader' : 'standby' };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.task.close();
    if (!this.leading) return;
    try {
      await this.lease.release();
      this.o.logger?.info('evaluation lease released');
    } catch (err) {
      this.o.logger?.warn({ err }, 'evaluation lease not released; it expires on its own');
    }
    // Given up on purpose: the line above says so; "lease lost" after it read like a fault.
    this.leading = false;
    this.o.metrics?.alertingLeader.set(0);
  }

  private async attempt(): Promise<void> {
    if (this.closed) return;
    let held = false;
    try {
      held = await this.lease.acquire();
    } catch (err) {
      this.o.metrics?.loopErrors.inc({ component: this.name });
      this.o.logger?.error({ err }, 'evaluation lease attempt failed');
    }
    this.changed(held);
  }

  private changed(held: boolean): void {
    this.o.metrics?.alertingLeader.set(held ? 1 : 0);
    if (held === this.leading) return;
    this.leading = held;
    this.o.logger?.info(
      { token: this.lease.token, periodMs: this.lease.periodMs },
      held ? 'evaluation lease acquired' : 'evaluation lease lost',
    );
  }
}
