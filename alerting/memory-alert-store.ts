import type { AlertCommit, AlertRecord, AlertStore } from './alert-store.js';
import { type ClaimedEntry, DELIVERED_RETENTION_MS, type Outbox, type OutboxEntry } from './outbox.js';
import { outboxField } from './redis-alert-layout.js';

interface Queued {
  entry: OutboxEntry;
  dueAtMs: number;
  attempts: number;
}

/**
 * Alert state and outbox in this process: the embedded default and the store of replays.
 * Same semantics as the Redis adapter; records are copied in and out so callers cannot
 * change stored state by mutating what they hold.
 */
export class MemoryAlertStore implements AlertStore, Outbox {
  private readonly records = new Map<string, AlertRecord>();
  private readonly queued = new Map<string, Queued>();
  private readonly delivered = new Map<string, number>();

  /** @param fence decides whether a lease token holds the lease now (e.g. `MemoryLease.holds`); none accepts any. */
  constructor(private readonly fence?: (token: string) => boolean) {}

  async load(): Promise<AlertRecord[]> {
    return [...this.records.values()].map((r) => structuredClone(r));
  }

  async commit(change: AlertCommit, fence: string | null): Promise<boolean> {
    if (fence !== null && this.fence !== undefined && !this.fence(fence)) return false;
    for (const r of change.upserts) this.records.set(r.key, structuredClone(r));
    for (const key of change.deletes) this.records.delete(key);
    for (const e of change.enqueue) {
      const field = outboxField(e.notifier, e.transition.id);
      if (this.queued.has(field) || this.delivered.has(field)) continue;
      this.queued.set(field, { entry: structuredClone(e), dueAtMs: e.dueAtMs, attempts: 0 });
    }
    return true;
  }

  async claim(notifier: string, nowMs: number, claimTimeoutMs: number): Promise<ClaimedEntry | undefined> {
    let best: Queued | undefined;
    for (const q of this.queued.values()) {
      if (q.entry.notifier !== notifier || q.dueAtMs > nowMs) continue;
      if (best === undefined || q.dueAtMs < best.dueAtMs) best = q;
    }
    if (best === undefined) return undefined;
    best.dueAtMs = nowMs + claimTimeoutMs;
    best.attempts += 1;
    return { notifier, transition: structuredClone(best.entry.transition), attempt: best.attempts };
  }

  async complete(notifier: string, transitionId: string, nowMs: number): Promise<void> {
    const field = outboxField(notifier, transitionId);
    this.queued.delete(field);
    this.delivered.set(field, nowMs);
    for (const [f, at] of this.delivered) if (at < nowMs - DELIVERED_RETENTION_MS) this.delivered.delete(f);
  }

  async retry(notifier: string, transitionId: string, dueAtMs: number): Promise<void> {
    const q = this.queued.get(outboxField(notifier, transitionId));
    if (q) q.dueAtMs = dueAtMs;
  }

  async pending(notifier: string): Promise<number> {
    let n = 0;
    for (const q of this.queued.values()) if (q.entry.notifier === notifier) n++;
    return n;
  }
}
