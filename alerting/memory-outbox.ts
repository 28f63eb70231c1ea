import { type ClaimedPayload, DELIVERED_RETENTION_MS, type OutboxPayload } from './outbox.js';
import { outboxField } from './redis-alert-layout.js';

interface Queued<T> {
  notifier: string;
  payload: T;
  dueAtMs: number;
  attempts: number;
}

/**
 * One outbox in this process, with the semantics of `RedisOutbox` and the commit scripts:
 * the memory adapters' outbox (alerts', incidents'). Payloads are copied in and out so
 * holders cannot change what is queued. Not atomic with anything else: callers run in one
 * process and call it from their own commit.
 */
export class MemoryOutbox<T extends OutboxPayload> {
  private readonly queued = new Map<string, Queued<T>>();
  private readonly delivered = new Map<string, number>();

  /** Queues `payload` for `notifier`, unless that (notifier, id) was queued or delivered before. */
  enqueue(notifier: string, payload: T, dueAtMs: number): void {
    const field = outboxField(notifier, payload.id);
    if (this.queued.has(field) || this.delivered.has(field)) return;
    this.queued.set(field, { notifier, payload: structuredClone(payload), dueAtMs, attempts: 0 });
  }

  /** Claims the longest-due payload of `notifier` due at `nowMs`, or none. */
  claim(notifier: string, nowMs: number, claimTimeoutMs: number): ClaimedPayload<T> | undefined {
    let best: Queued<T> | undefined;
    for (const q of this.queued.values()) {
      if (q.notifier !== notifier || q.dueAtMs > nowMs) continue;
      if (best === undefined || q.dueAtMs < best.dueAtMs) best = q;
    }
    if (best === undefined) return undefined;
    best.dueAtMs = nowMs + claimTimeoutMs;
    best.attempts += 1;
    return { payload: structuredClone(best.payload), attempt: best.attempts };
  }

  /** Marks a payload delivered (or given up): it is removed and never queued again. */
  complete(notifier: string, id: string, nowMs: number): void {
    const field = outboxField(notifier, id);
    this.queued.delete(field);
    this.delivered.set(field, nowMs);
    for (const [f, at] of this.delivered) if (at < nowMs - DELIVERED_RETENTION_MS) this.delivered.delete(f);
  }

  /** Makes a claimed payload due again at `dueAtMs`; no-op if it was completed meanwhile. */
  retry(notifier: string, id: string, dueAtMs: number): void {
    const q = this.queued.get(outboxField(notifier, id));
    if (q) q.dueAtMs = dueAtMs;
  }

  /** Payloads of `notifier` not yet completed. */
  pending(notifier: string): number {
    let n = 0;
    for (const q of this.queued.values()) if (q.notifier === notifier) n++;
    return n;
  }
}
