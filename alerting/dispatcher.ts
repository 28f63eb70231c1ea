import { type Clock, systemClock } from '../core/clock.js';
import type { Component } from '../core/component.js';
import { PeriodicTask } from '../core/periodic-task.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { Alert, AlertTransition } from './alert.js';
import type { Notifier } from './notifier.js';
import type { ClaimedEntry, Outbox } from './outbox.js';
import { type DeliveryPolicy, notifyWithin, OutboxDelivery } from './outbox-delivery.js';

export interface DispatcherOptions extends DeliveryPolicy {
  outbox: Outbox;
  notifiers: readonly Notifier[];
  /** The stored alerts; firing and resolved ones are re-sent to notifiers that take re-sends. */
  currentAlerts: () => Promise<readonly Alert[]>;
  /** Whether this instance re-sends now: only the evaluation lease holder does. */
  isLeader: () => boolean;
  resendIntervalMs: number;
  clock?: Clock;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Delivers queued alert transitions through an `OutboxDelivery`, on its own timers so
 * evaluation never waits for a receiver. The lease holder also calls `resend` on its schedule
 * for notifiers that have it (Alertmanager wants active alerts re-sent before they expire).
 */
export class Dispatcher implements Component {
  readonly name = 'alert-dispatcher';
  private readonly clock: Clock;
  private readonly delivery: OutboxDelivery<ClaimedEntry, AlertTransition>;
  private readonly resender: PeriodicTask<void>;
  private closed = false;

  constructor(private readonly o: DispatcherOptions) {
    this.clock = o.clock ?? systemClock;
    this.delivery = new OutboxDelivery({
      ...o,
      component: this.name,
      noun: 'notification',
      idField: 'transition',
      queue: o.outbox,
      targets: o.notifiers,
      unpack: (e) => ({ id: e.transition.id, payload: e.transition, attempt: e.attempt }),
    });
    this.resender = new PeriodicTask({
      name: this.name,
      schedule: { everyMs: o.resendIntervalMs },
      run: () => this.resendOnce(),
      failure: 'alert re-send failed',
      metrics: o.metrics,
      logger: o.logger,
    });
  }

  async start(): Promise<void> {
    if (this.o.notifiers.some((n) => n.resend)) {
      await this.resender.start();
    }
    this.delivery.start();
  }

  /** Starts draining every notifier's due entries now, without waiting. */
  wake(): void {
    this.delivery.wake();
  }

  /** Drains every notifier's due entries; resolves when each drain has finished (for tests and replays). */
  deliverDue(): Promise<void> {
    return this.delivery.deliverDue();
  }

  /** Re-sends the current alerts to notifiers that take re-sends, if this instance leads. */
  async resendNow(): Promise<void> {
    await this.resender.runNow();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.delivery.close([this.resender.close()]);
  }

  private async resendOnce(): Promise<void> {
    if (this.closed || !this.o.isLeader()) return;
    let alerts: Alert[];
    try {
      alerts = (await this.o.currentAlerts()).filter((a) => a.state === 'firing' || a.state === 'resolved');
    } catch (err) {
      this.o.metrics?.loopErrors.inc({ component: this.name });
      this.o.logger?.error({ err }, 'alert re-send failed: alerts unreadable');
      return;
    }
    if (alerts.length === 0) return;
    const now = this.clock.now();
    await Promise.all(
      this.o.notifiers.map(async (n) => {
        if (!n.resend) return;
        try {
          await notifyWithin(n.resend(alerts, now), this.o.claimTimeoutMs / 2);
        } catch (err) {
          this.o.metrics?.notifierFailures.inc({ notifier: n.name });
          this.o.logger?.warn({ err, notifier: n.name, alerts: alerts.length }, 'alert re-send failed');
        }
      }),
    );
  }
}
