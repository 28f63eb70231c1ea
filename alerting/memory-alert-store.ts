import type { AlertTransition } from './alert.js';
import type { AlertCommit, AlertRecord, AlertStore } from './alert-store.js';
import { MemoryOutbox } from './memory-outbox.js';
import type { ClaimedEntry, Outbox } from './outbox.js';

/**
 * Alert state and outbox in this process: the embedded default and the store of replays.
 * Same semantics as the Redis adapter; records are copied in and out so callers cannot
 * change stored state by mutating what they hold.
 */
export class MemoryAlertStore implements AlertStore, Outbox {
  private readonly records = new Map<string, AlertRecord>();
  private readonly outbox = new MemoryOutbox<AlertTransition>();

  /** @param fence decides whether a lease token holds the lease now (e.g. `MemoryLease.holds`); none accepts any. */
  constructor(private readonly fence?: (token: string) => boolean) {}

  async load(): Promise<AlertRecord[]> {
    return [...this.records.values()].map((r) => structuredClone(r));
  }

  async commit(change: AlertCommit, fence: string | null): Promise<boolean> {
    if (fence !== null && this.fence !== undefined && !this.fence(fence)) return false;
    for (const r of change.upserts) this.records.set(r.key, structuredClone(r));
    for (const key of change.deletes) this.records.delete(key);
    for (const e of change.enqueue) this.outbox.enqueue(e.notifier, e.transition, e.dueAtMs);
    return true;
  }

  async claim(notifier: string, nowMs: number, claimTimeoutMs: number): Promise<ClaimedEntry | undefined> {
    const got = this.outbox.claim(notifier, nowMs, claimTimeoutMs);
    return got && { notifier, transition: got.payload, attempt: got.attempt };
  }

  async complete(notifier: string, transitionId: string, nowMs: number): Promise<void> {
    this.outbox.complete(notifier, transitionId, nowMs);
  }

  async retry(notifier: string, transitionId: string, dueAtMs: number): Promise<void> {
    this.outbox.retry(notifier, transitionId, dueAtMs);
  }

  async pending(notifier: string): Promise<number> {
    return this.outbox.pending(notifier);
  }
}
