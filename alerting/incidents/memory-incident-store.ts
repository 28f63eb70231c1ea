import type { Incident } from '../../correlate/incidents/incident.js';
import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';
import { MemoryOutbox } from '../memory-outbox.js';
import type { ChatMessageRef, MessageClaim, MessageClaimRequest } from './incident-messages.js';
import {
  type ClaimedIncidentEvent,
  DEFAULT_LIST_LIMIT,
  type IncidentCommit,
  type IncidentListFilter,
  type IncidentRetention,
  type IncidentStore,
  matchesFilter,
} from './incident-store.js';

/**
 * Incidents and their outbox in this process: the embedded default. Same semantics as the
 * Redis adapter; incidents are copied in and out, so holders cannot change stored state.
 */
export class MemoryIncidentStore implements IncidentStore {
  private readonly incidents = new Map<string, Incident>();
  private readonly revisions = new Map<string, number>();
  /** `<incident id>\n<notifier>` -> the message, or who reserved posting it until when. */
  private readonly messages = new Map<string, ChatMessageRef | { holder: string; untilMs: number }>();
  private readonly outbox = new MemoryOutbox<IncidentEvent>();

  /** @param fence decides whether a lease token holds the lease now (`MemoryLease.holds`); none accepts any. */
  constructor(
    private readonly retention: IncidentRetention,
    private readonly fence?: (token: string) => boolean,
  ) {}

  async open(): Promise<Incident[]> {
    return this.list({ status: 'open', limit: Number.MAX_SAFE_INTEGER });
  }

  async list(filter: IncidentListFilter = {}): Promise<Incident[]> {
    // each openedAt parsed once, not in every comparison (every update lists all open incidents)
    return [...this.incidents.values()]
      .filter((i) => matchesFilter(i, filter))
      .map((i) => ({ i, opened: Date.parse(i.openedAt) }))
      .sort((x, y) => y.opened - x.opened || (x.i.id < y.i.id ? 1 : -1))
      .slice(0, filter.limit ?? DEFAULT_LIST_LIMIT)
      .map((x) => this.copy(x.i));
  }

  async get(id: string): Promise<Incident | undefined> {
    const i = this.incidents.get(id);
    return i === undefined ? undefined : this.copy(i);
  }

  async commit(change: IncidentCommit, fence: string | null): Promise<boolean> {
    if (fence !== null && this.fence !== undefined && !this.fence(fence)) return false;
    const stale = change.upserts.some(
      (i) => i.revision !== undefined && i.revision !== (this.revisions.get(i.id) ?? 0),
    );
    if (stale) return false;
    for (const i of change.upserts) {
      const { revision: _, ...rest } = structuredClone(i);
      this.incidents.set(i.id, rest);
      this.revisions.set(i.id, (this.revisions.get(i.id) ?? 0) + 1);
    }
    for (const e of change.enqueue) this.outbox.enqueue(e.notifier, e.event, e.dueAtMs);
    this.prune(change.nowMs);
    return true;
  }

  async claim(
    notifier: string,
    nowMs: number,
    claimTimeoutMs: number,
  ): Promise<ClaimedIncidentEvent | undefined> {
    const got = this.outbox.claim(notifier, nowMs, claimTimeoutMs);
    return got && { notifier, event: got.payload, attempt: got.attempt };
  }

  async complete(notifier: string, eventId: string, nowMs: number): Promise<void> {
    this.outbox.complete(notifier, eventId, nowMs);
  }

  async retry(notifier: string, eventId: string, dueAtMs: number): Promise<void> {
    this.outbox.retry(notifier, eventId, dueAtMs);
  }

  async pending(notifier: string): Promise<number> {
    return this.outbox.pending(notifier);
  }

  async claimMessage(request: MessageClaimRequest): Promise<MessageClaim> {
    const { notifier, incidentId, holder, nowMs, untilMs } = request;
    const key = `${incidentId}\n${notifier}`;
    const e = this.messages.get(key);
    if (e !== undefined && 'ts' in e) return { ref: structuredClone(e) };
    if (e !== undefined && e.holder !== holder && e.untilMs > nowMs) return { busy: true };
    this.messages.set(key, { holder, untilMs });
    return { reserved: true };
  }

  async saveMessage(notifier: string, incidentId: string, ref: ChatMessageRef): Promise<void> {
    if (this.incidents.has(incidentId)) this.messages.set(`${incidentId}\n${notifier}`, structuredClone(ref));
  }

  private prune(nowMs: number): void {
    const resolved = [...this.incidents.values()]
      .filter((i) => i.status === 'resolved')
      .sort((a, b) => Date.parse(b.resolvedAt ?? b.updatedAt) - Date.parse(a.resolvedAt ?? a.updatedAt));
    for (const [n, i] of resolved.entries()) {
      const at = Date.parse(i.resolvedAt ?? i.updatedAt);
      if (n >= this.retention.maxResolved || at < nowMs - this.retention.retentionMs) {
        this.incidents.delete(i.id);
        this.revisions.delete(i.id);
        for (const key of this.messages.keys()) if (key.startsWith(`${i.id}\n`)) this.messages.delete(key);
      }
    }
  }

  private copy(i: Incident): Incident {
    return { ...structuredClone(i), revision: this.revisions.get(i.id) ?? 0 };
  }
}
