import type { AlertTransition } from './alert.js';

/**
 * The notification outbox: one entry per transition and notifier, written in the same atomic
 * commit as the alert state that produced the transition, and keyed by the transition id (the
 * idempotency key), so a transition is queued once however often it is computed. Dispatchers
 * on any instance claim entries atomically; a claim that is neither completed nor retried
 * within its timeout (the dispatcher died) becomes claimable again.
 */

/** A notification waiting to be delivered. */
export interface OutboxEntry {
  notifier: string;
  transition: AlertTransition;
  /** When it may be delivered (wall-clock ms). */
  dueAtMs: number;
}

/** An entry this dispatcher now holds until `complete`, `retry` or the claim timeout. */
export interface ClaimedEntry {
  notifier: string;
  transition: AlertTransition;
  /** Delivery attempts including this one (1 on the first). */
  attempt: number;
}

/** The outbox port, implemented by each `AlertStore` adapter over the same storage. */
export interface Outbox {
  /** Claims the longest-due entry of `notifier` due at `nowMs`, or none. */
  claim(notifier: string, nowMs: number, claimTimeoutMs: number): Promise<ClaimedEntry | undefined>;
  /** Marks an entry delivered (or given up): it is removed and never queued again. */
  complete(notifier: string, transitionId: string, nowMs: number): Promise<void>;
  /** Makes a claimed entry due again at `dueAtMs`; no-op if it was completed meanwhile. */
  retry(notifier: string, transitionId: string, dueAtMs: number): Promise<void>;
  /** Entries of `notifier` not yet completed. */
  pending(notifier: string): Promise<number>;
}

/** What an outbox queues, generically (an `AlertTransition`, an `IncidentEvent`): its id is the idempotency key. */
export interface OutboxPayload {
  id: string;
}

/** A payload one dispatcher holds until `complete`, `retry` or the claim timeout. */
export interface ClaimedPayload<T> {
  payload: T;
  /** Delivery attempts including this one (1 on the first). */
  attempt: number;
}

/** How long delivered ids are remembered so that the same transition is never queued twice. */
export const DELIVERED_RETENTION_MS = 7 * 86_400_000;

/** Exponential backoff after failed attempt `attempt` (1-based): initial x 2^(attempt-1), capped. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
}
