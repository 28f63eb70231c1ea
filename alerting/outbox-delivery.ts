import { type Clock, systemClock } from '../core/clock.js';
import { CoalescingRunner } from '../core/coalescing-runner.js';
import { withTimeout } from '../core/with-timeout.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { AlertingError, AlertingErrorCode } from './errors.js';
import { backoffMs } from './outbox.js';

/** The outbox operations delivery needs; alert transitions and incident events both have them. */
export interface DeliveryQueue<Entry> {
  claim(notifier: string, nowMs: number, claimTimeoutMs: number): Promise<Entry | undefined>;
  complete(notifier: string, id: string, nowMs: number): Promise<void>;
  retry(notifier: string, id: string, dueAtMs: number): Promise<void>;
}

/** Where entries go: a notifier of alert transitions or of incident events. */
export interface DeliveryTarget<Payload> {
  readonly name: string;
  notify(payload: Payload): Promise<void>;
  close(): Promise<void>;
}

/** A claimed entry taken apart: what is sent, its id in the outbox, its attempt number. */
export interface Unpacked<Payload> {
  id: string;
  payload: Payload;
  attempt: number;
}

/** How often to poll, back off and give up (`alerting.dispatch`). */
export interface DeliveryPolicy {
  /** How often the outbox is polled (it is also drained at once on `wake()`). */
  intervalMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Attempts after which an entry is given up (and counted as dropped). */
  maxAttempts: number;
  /** A claim not completed within this is claimable again; a notify call gets half of it. */
  claimTimeoutMs: number;
}

export interface OutboxDeliveryOptions<Entry, Payload> extends DeliveryPolicy {
  /** The `component` label of loop errors. */
  component: string;
  /** What an entry is called in logs ("notification", "incident notification"). */
  noun: string;
  /** The log field that names an entry's id ("transition", "event"). */
  idField: string;
  queue: DeliveryQueue<Entry>;
  targets: readonly DeliveryTarget<Payload>[];
  unpack: (entry: Entry) => Unpacked<Payload>;
  clock?: Clock;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Delivers queued entries on its own timer so their producer never waits for a receiver.
 * Per target one drain runs at a time: claim an entry, `notify`, mark it delivered; on
 * failure count it and retry with exponential backoff until `maxAttempts`. Instances share
 * the outbox; claims keep two of them from sending the same entry, and an entry whose sender
 * died is sent again once its claim expires.
 */
export class OutboxDelivery<Entry, Payload> {
  private readonly clock: Clock;
  private readonly drains = new CoalescingRunner();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly o: OutboxDeliveryOptions<Entry, Payload>) {
    this.clock = o.clock ?? systemClock;
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.o.intervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Starts draining every target's due entries now, without waiting. */
  wake(): void {
    for (const t of this.o.targets) void this.drain(t);
  }

  /** Drains every target's due entries; resolves when each drain has finished. */
  async deliverDue(): Promise<void> {
    await Promise.all(this.o.targets.map((t) => this.drain(t)));
  }

  /**
   * Stops polling and closes the targets, which cuts their retry waits short so the drains
   * under way end soon; an entry whose notify is cut off stays queued for the next instance.
   * `alsoWaitFor` joins work of the owner that must end before close resolves.
   */
  async close(alsoWaitFor: Array<Promise<unknown> | undefined> = []): Promise<void> {
    this.closed = true;
    this.drains.stop();
    clearInterval(this.timer);
    const closing = this.o.targets.map((t) =>
      t
        .close()
        .catch((err: unknown) => this.o.logger?.warn({ err, notifier: t.name }, 'notifier failed to close')),
    );
    await Promise.allSettled([...this.drains.running(), ...alsoWaitFor, ...closing]);
  }

  private drain(t: DeliveryTarget<Payload>): Promise<void> {
    return this.drains.run(t.name, () => this.drainOnce(t));
  }

  private async drainOnce(t: DeliveryTarget<Payload>): Promise<void> {
    try {
      while (!this.closed) {
        const entry = await this.o.queue.claim(t.name, this.clock.now(), this.o.claimTimeoutMs);
        if (entry === undefined) return;
        await this.deliver(t, this.o.unpack(entry));
      }
    } catch (err) {
      this.o.metrics?.loopErrors.inc({ component: this.o.component });
      this.o.logger?.error({ err, notifier: t.name }, `${this.o.noun} dispatch failed`);
    }
  }

  private async deliver(
    t: DeliveryTarget<Payload>,
    { id, payload, attempt }: Unpacked<Payload>,
  ): Promise<void> {
    const o = this.o;
    try {
      await notifyWithin(t.notify(payload), o.claimTimeoutMs / 2);
    } catch (err) {
      o.metrics?.notifierFailures.inc({ notifier: t.name });
      const about = { err, notifier: t.name, [o.idField]: id, attempt };
      if (attempt >= o.maxAttempts) {
        o.metrics?.notificationsDropped.inc({ notifier: t.name });
        o.logger?.error(about, `${o.noun} given up after the last attempt`);
        await o.queue.complete(t.name, id, this.clock.now());
      } else {
        const delay = backoffMs(attempt, o.initialBackoffMs, o.maxBackoffMs);
        o.logger?.warn({ ...about, retryInMs: delay }, `${o.noun} failed; will retry`);
        await o.queue.retry(t.name, id, this.clock.now() + delay);
      }
      return;
    }
    o.metrics?.notificationsSent.inc({ notifier: t.name });
    await o.queue.complete(t.name, id, this.clock.now());
  }
}

/** `p` within `ms`, or a `NotifyTimeout` error, so notifier timeouts carry an alerting code. */
export function notifyWithin<T>(p: Promise<T>, ms: number): Promise<T> {
  return withTimeout(
    p,
    ms,
    () => new AlertingError(AlertingErrorCode.NotifyTimeout, `no answer within ${ms} ms`),
  );
}
