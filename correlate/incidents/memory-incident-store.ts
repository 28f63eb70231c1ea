import { DELIVERED_RETENTION_MS } from '../../alerting/outbox.js';
import type { Incident } from './incident.js';
import {
  type ClaimedIncidentEvent,
  DEFAULT_LIST_LIMIT,
  type IncidentCommit,
  type IncidentListFilter,
  type IncidentOutboxEntry,
  type IncidentRetention,
  type IncidentStore,
} from './incident-store.js';

interface Queued {
  entry: IncidentOutboxEntry;
  dueAtMs: number;
  attempts: number;
}

const field = (notifier: string, eventId: string): string => `${notifier}\n${eventId}`;

/**
 * Incidents and their outbox in this process: the embedded default. Same semantics as the
 * Redis adapter; incidents are copied in and out, so holders cannot change stored state.
 */
export class MemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, Incident>();
  private readonly queued = new Map<string, Queued>();
  private readonly delivered = new Map<string, number>();

  /** @param fence decides whether a lease token holds the lease now (`MemoryLease.holds`); none accepts any. */
  constructor(
    private readonly retention: IncidentRetention,
    private readonly fence?: (token: string) => boolean,
  ) {}

  async open(): Promise<Incident[]> {
    return this.list({ status: 'open', limit: Number.MAX_SAFE_INTEGER });
  }

  async list(filter: IncidentListFilter = {}): Promise<Incident[]> {
    return [...this.incidents.values()]
      .filter((i) => filter.status === undefined || i.status === filter.status)
      .sort((a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt) || (a.id < b.id ? 1 : -1))
      .slice(0, filter.limit ?? DEFAULT_LIST_LIMIT)
      .map((i) => structuredClone(i));
  }

  async get(id: string): Promise<Incident | undefined> {
    const i = this.incidents.get(id);
    return i === undefined ? undefined : structuredClone(i);
  }

  async commit(change: IncidentCommit, fence: string | null): Promise<boolean> {
    if (fence !== null && this.fence !== undefined && !this.fence(fence)) return false;
    for (const i of change.upserts) this.incidents.set(i.id, structuredClone(i));
    for (const e of change.enqueue) {
      const f = field(e.notifier, e.event.id);
      if (this.queued.has(f) || this.delivered.has(f)) continue;
      this.queued.set(f, { entry: structuredClone(e), dueAtMs: e.dueAtMs, attempts: 0 });
    }
    this.prune(change.nowMs);
    return true;
  }

  async claim(
    notifier: string,
    nowMs: number,
    claimTimeoutMs: number,
  ): Promise<ClaimedIncidentEvent | undefined> {
    let best: Queued | undefined;
    for (const q of this.queued.values()) {
      if (q.entry.notifier !== notifier || q.dueAtMs > nowMs) continue;
      if (best === undefined || q.dueAtMs < best.dueAtMs) best = q;
    }
    if (best === undefined) return undefined;
    best.dueAtMs = nowMs + claimTimeoutMs;
    best.attempts += 1;
    return { notifier, event: structuredClone(best.entry.event), attempt: best.attempts };
  }

  async complete(notifier: string, eventId: string, nowMs: number): Promise<void> {
    const f = field(notifier, eventId);
    this.queued.delete(f);
    this.delivered.set(f, nowMs);
    for (const [k, at] of this.delivered) if (at < nowMs - DELIVERED_RETENTION_MS) this.delivered.delete(k);
  }

  async retry(notifier: string, eventId: string, dueAtMs: number): Promise<void> {
    const q = this.queued.get(field(notifier, eventId));
    if (q) q.dueAtMs = dueAtMs;
  }

  async pending(notifier: string): Promise<number> {
    let n = 0;
    for (const q of this.queued.values()) if (q.entry.notifier === notifier) n++;
    return n;
  }

  private prune(nowMs: number): void {
    const resolved = [...this.incidents.values()]
      .filter((i) => i.status === 'resolved')
      .sort((a, b) => Date.parse(b.resolvedAt ?? b.updatedAt) - Date.parse(a.resolvedAt ?? a.updatedAt));
    for (const [n, i] of resolved.entries()) {
      const at = Date.parse(i.resolvedAt ?? i.updatedAt);
      if (n >= this.retention.maxResolved || at < nowMs - this.retention.retentionMs)
        this.incidents.delete(i.id);
    }
  }
}
