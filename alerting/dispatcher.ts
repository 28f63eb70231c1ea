import { type Clock, systemClock } from '../core/clock.js';
import { CoalescingRunner } from '../core/coalescing-runner.js';
import type { Component } from '../engine/component.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { Alert } from './alert.js';
import { AlertingError, AlertingErrorCode } from './errors.js';
import type { Notifier } from './notifier.js';
import { backoffMs, type ClaimedEntry, type Outbox } from './outbox.js';

export interface DispatcherOptions {
  outbox: Outbox;
  notifiers: readonly Notifier[];
  /** The stored alerts; firing and resolved ones are re-sent to notifiers that take re-sends. */
  currentAlerts: () => Promise<readonly Alert[]>;
  /** Whether this instance re-sends now: only the evaluation lease holder does. */
  isLeader: () => boolean;
  /** How often the outbox is polled (it is also drained at once on `wake()`). */
  intervalMs: number;
  resendIntervalMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Attempts after which a notification is given up (and counted as dropped). */
  maxAttempts: number;
  /** How long a claim holds before another dispatcher may take the entry; notify gets half of it. */
  claimTimeoutMs: number;
  clock?: Clock;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Delivers queued notifications, on its own timers so evaluation never waits for a
 * receiver. Per notifier one drain runs at a time: claim an entry, `notify`, mark it
 * delivered; on failure count it, and retry with exponential backoff until `maxAttempts`.
 * Dispatchers of several instances share the outbox; claims keep them from sending the same
 * entry twice. The lease holder also calls `resend` on its schedule for notifiers that have it.
 */
export class Dispatcher implements Component {
  readonly name = 'alert-dispatcher';
  private readonly clock: Clock;
  private readonly drains = new CoalescingRunner();
  private resending: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly o: DispatcherOptions) {
    this.clock = o.clock ?? systemClock;
  }

  async start(): Promise<void> {
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.o.intervalMs, () => this.wake());
    if (this.o.notifiers.some((n) => n.resend)) every(this.o.resendIntervalMs, () => void this.resendNow());
    this.wake();
  }

  /** Starts draining every notifier's due entries now, without waiting. */
  wake(): void {
    for (const n of this.o.notifiers) void this.drain(n);
  }

  /** Drains every notifier's due entries; resolves when each drain has finished (for tests and replays). */
  async deliverDue(): Promise<void> {
    await Promise.all(this.o.notifiers.map((n) => this.drain(n)));
  }

  /** Re-sends the current alerts to notifiers that take re-sends, if this instance leads. */
  resendNow(): Promise<void> {
    this.resending ??= this.resendOnce().finally(() => {
      this.resending = undefined;
    });
    return this.resending;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.drains.stop();
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    // Closing the notifiers cuts their retry waits short, so the drains under way end soon;
    // an entry whose notify is cut off stays in the outbox for the next instance or start.
    const closing = this.o.notifiers.map(async (n) => {
      try {
        await n.close();
      } catch (err) {
        this.o.logger?.warn({ err, notifier: n.name }, 'notifier failed to close');
      }
    });
    await Promise.allSettled([...this.drains.running(), this.resending, ...closing]);
  }

  /** One drain per notifier at a time; a wake during a drain makes it run once more. */
  private drain(n: Notifier): Promise<void> {
    return this.drains.run(n.name, () => this.drainOnce(n));
  }

  private async drainOnce(n: Notifier): Promise<void> {
    try {
      while (!this.closed) {
        const entry = await this.o.outbox.claim(n.name, this.clock.now(), this.o.claimTimeoutMs);
        if (entry === undefined) return;
        await this.deliver(n, entry);
      }
    } catch (err) {
      this.o.metrics?.loopErrors.inc({ component: this.name });
      this.o.logger?.error({ err, notifier: n.name }, 'alert dispatch failed');
    }
  }

  private async deliver(n: Notifier, entry: ClaimedEntry): Promise<void> {
    const { transition, attempt } = entry;
    const o = this.o;
    const about = { notifier: n.name, transition: transition.id, attempt };
    try {
      await withTimeout(n.notify(transition), o.claimTimeoutMs / 2);
    } catch (err) {
      o.metrics?.notifierFailures.inc({ notifier: n.name });
      if (attempt >= o.maxAttempts) {
        o.metrics?.notificationsDropped.inc({ notifier: n.name });
        o.logger?.error({ err, ...about }, 'notification given up after the last attempt');
        await o.outbox.complete(n.name, transition.id, this.clock.now());
      } else {
        const delay = backoffMs(attempt, o.initialBackoffMs, o.maxBackoffMs);
        o.logger?.warn({ err, ...about, retryInMs: delay }, 'notification failed; will retry');
        await o.outbox.retry(n.name, transition.id, this.clock.now() + delay);
      }
      return;
    }
    o.metrics?.notificationsSent.inc({ notifier: n.name });
    await o.outbox.complete(n.name, transition.id, this.clock.now());
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
          await withTimeout(n.resend(alerts, now), this.o.claimTimeoutMs / 2);
        } catch (err) {
          this.o.metrics?.notifierFailures.inc({ notifier: n.name });
          this.o.logger?.warn({ err, notifier: n.name, alerts: alerts.length }, 'alert re-send failed');
        }
      }),
    );
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AlertingError(AlertingErrorCode.NotifyTimeout, `no answer within ${ms} ms`)),
      ms,
    );
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
