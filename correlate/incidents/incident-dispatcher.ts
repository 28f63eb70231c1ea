import { backoffMs } from '../../alerting/outbox.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { CoalescingRunner } from '../../core/coalescing-runner.js';
import type { Component } from '../../engine/component.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { IncidentNotifier } from './incident-notifier.js';
import type { ClaimedIncidentEvent, IncidentStore } from './incident-store.js';

export interface IncidentDispatcherOptions {
  store: IncidentStore;
  notifiers: readonly IncidentNotifier[];
  /** How often the outbox is polled (it is also drained at once on `wake()`). */
  intervalMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  maxAttempts: number;
  /** A claim not completed within this is claimable again; a notify call gets half of it. */
  claimTimeoutMs: number;
  clock?: Clock;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Delivers queued incident events, on every instance, with the alert dispatcher's rules
 * (`alerting.dispatch`): per notifier one drain at a time, claim, notify, mark delivered; on
 * failure count and retry with exponential backoff up to `maxAttempts`. Claims keep two
 * instances from sending the same event; an event whose sender died is sent again after its
 * claim expires, with the same id.
 */
export class IncidentDispatcher implements Component {
  readonly name = 'incident-dispatcher';
  private readonly clock: Clock;
  private readonly drains = new CoalescingRunner();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly o: IncidentDispatcherOptions) {
    this.clock = o.clock ?? systemClock;
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => this.wake(), this.o.intervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Starts draining every notifier's due events now, without waiting. */
  wake(): void {
    for (const n of this.o.notifiers) void this.drain(n);
  }

  /** Drains every notifier's due events; resolves when done (tests, shutdown). */
  async deliverDue(): Promise<void> {
    await Promise.all(this.o.notifiers.map((n) => this.drain(n)));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.drains.stop();
    clearInterval(this.timer);
    const closing = this.o.notifiers.map((n) =>
      n
        .close()
        .catch((err: unknown) => this.o.logger?.warn({ err, notifier: n.name }, 'notifier failed to close')),
    );
    await Promise.allSettled([...this.drains.running(), ...closing]);
  }

  /** One drain per notifier at a time; a wake during a drain makes it run once more. */
  private drain(n: IncidentNotifier): Promise<void> {
    return this.drains.run(n.name, () => this.drainOnce(n));
  }

  private async drainOnce(n: IncidentNotifier): Promise<void> {
    try {
      while (!this.closed) {
        const entry = await this.o.store.claim(n.name, this.clock.now(), this.o.claimTimeoutMs);
        if (entry === undefined) return;
        await this.deliver(n, entry);
      }
    } catch (err) {
      this.o.metrics?.loopErrors.inc({ component: this.name });
      this.o.logger?.error({ err, notifier: n.name }, 'incident dispatch failed');
    }
  }

  private async deliver(n: IncidentNotifier, { event, attempt }: ClaimedIncidentEvent): Promise<void> {
    const o = this.o;
    try {
      await withTimeout(n.notify(event), o.claimTimeoutMs / 2);
    } catch (err) {
      o.metrics?.notifierFailures.inc({ notifier: n.name });
      const about = { err, notifier: n.name, event: event.id, attempt };
      if (attempt >= o.maxAttempts) {
        o.metrics?.notificationsDropped.inc({ notifier: n.name });
        o.logger?.error(about, 'incident notification given up after the last attempt');
        await o.store.complete(n.name, event.id, this.clock.now());
      } else {
        const delay = backoffMs(attempt, o.initialBackoffMs, o.maxBackoffMs);
        o.logger?.warn({ ...about, retryInMs: delay }, 'incident notification failed; will retry');
        await o.store.retry(n.name, event.id, this.clock.now() + delay);
      }
      return;
    }
    o.metrics?.notificationsSent.inc({ notifier: n.name });
    await o.store.complete(n.name, event.id, this.clock.now());
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
