import type { Incident, IncidentState, IncidentStatus } from '../../correlate/incidents/incident.js';
import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';
import { incidentState } from '../../correlate/incidents/lifecycle.js';
import type { IncidentMessages } from './incident-messages.js';

/** An incident notification waiting for one notifier. */
export interface IncidentOutboxEntry {
  notifier: string;
  event: IncidentEvent;
  /** When it may be delivered (wall-clock ms). */
  dueAtMs: number;
}

/** An entry a dispatcher holds until `complete`, `retry` or the claim timeout. */
export interface ClaimedIncidentEvent {
  notifier: string;
  event: IncidentEvent;
  /** Delivery attempts including this one (1 on the first). */
  attempt: number;
}

/** What one incident update writes, all or nothing. */
export interface IncidentCommit {
  /**
   * Incidents created or changed (stored whole, by id). One carrying a `revision` is written
   * only if the stored one still has that revision (it was computed from what is stored);
   * otherwise the whole commit is refused. Every write bumps the stored revision.
   */
  upserts: readonly Incident[];
  /**
   * Notifications to queue. An entry whose (notifier, event id) was queued before, pending or
   * delivered, is skipped: that is what makes each event go out once.
   */
  enqueue: readonly IncidentOutboxEntry[];
  /** Wall-clock now: resolved incidents older than the retention are dropped by this commit. */
  nowMs: number;
}

export interface IncidentListFilter {
  status?: IncidentStatus;
  /** `open` (not acknowledged), `acknowledged` or `resolved`; with `status`, both must match. */
  state?: IncidentState;
  /** At most this many (default 100). */
  limit?: number;
}

/** How long resolved incidents are kept, and how many. */
export interface IncidentRetention {
  /** Resolved incidents go away this long after they resolved, ms. */
  retentionMs: number;
  /** At most this many resolved incidents are kept; the earliest resolved go first. */
  maxResolved: number;
}

/**
 * Where incidents, their notification outbox and their chat messages live (port), shared by
 * every instance.
 * Only the evaluation lease holder writes (each commit is fenced on the alerting lease, as
 * alert state is); any instance reads and delivers. Adapters: `MemoryIncidentStore`
 * (embedded) and `RedisIncidentStore` (in the alerting lease's Cluster slot).
 */
export interface IncidentStore extends IncidentMessages {
  /** Every open incident. */
  open(): Promise<Incident[]>;
  /** Incidents matching `filter`, newest (latest `openedAt`) first. */
  list(filter?: IncidentListFilter): Promise<Incident[]>;
  get(id: string): Promise<Incident | undefined>;
  /**
   * Applies `change` atomically while `fence` (the evaluation lease token) still holds the
   * lease and every upsert's `revision` is current; `null` writes unfenced (people's changes
   * from the API, which rely on the revision check alone). Resolves whether it was applied.
   */
  commit(change: IncidentCommit, fence: string | null): Promise<boolean>;
  /** Claims the longest-due notification of `notifier` due at `nowMs`, or none. */
  claim(notifier: string, nowMs: number, claimTimeoutMs: number): Promise<ClaimedIncidentEvent | undefined>;
  /** Marks a notification delivered (or given up): it is never queued again. */
  complete(notifier: string, eventId: string, nowMs: number): Promise<void>;
  /** Makes a claimed notification due again at `dueAtMs`; no-op once completed. */
  retry(notifier: string, eventId: string, dueAtMs: number): Promise<void>;
  /** Notifications of `notifier` not yet completed. */
  pending(notifier: string): Promise<number>;
}

export const DEFAULT_LIST_LIMIT = 100;

/** Whether `i` passes `filter`'s status and state (not its limit). */
export function matchesFilter(i: Incident, filter: IncidentListFilter): boolean {
  return (
    (filter.status === undefined || i.status === filter.status) &&
    (filter.state === undefined || incidentState(i) === filter.state)
  );
}
