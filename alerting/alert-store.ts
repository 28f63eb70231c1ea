import type { Alert } from './alert.js';
import type { AlertEpisode } from './alert-conditions.js';
import type { AlertMachine } from './alert-state.js';
import type { OutboxEntry } from './outbox.js';

/** The stored state of one alert that is not inactive (pending, firing or recently resolved). */
export interface AlertRecord {
  /** `<slo id>|<alertname>`. */
  key: string;
  /** The state machine's memory; authoritative for the next step. */
  machine: AlertMachine;
  /** The windows and threshold naming the alert for its current episode. */
  episode: AlertEpisode;
  /** The alert as last evaluated (labels fixed for the episode, annotations refreshed). */
  alert: Alert;
}

/** What one evaluation writes, all or nothing. */
export interface AlertCommit {
  upserts: readonly AlertRecord[];
  /** Keys of alerts that became inactive or were resolved long enough ago. */
  deletes: readonly string[];
  /**
   * Notifications to queue, one per transition and notifier. An entry whose
   * (notifier, transition id) was queued before, pending or delivered, is skipped.
   */
  enqueue: readonly OutboxEntry[];
}

/**
 * Where alert state lives (port), shared by every instance so that whichever holds the
 * evaluation lease continues from the same state. Adapters: `MemoryAlertStore` (embedded,
 * replay) and `RedisAlertStore`.
 */
export interface AlertStore {
  /** Every stored alert record. */
  load(): Promise<AlertRecord[]>;
  /**
   * Applies `change` atomically, but only while `fence` (the evaluation lease token) still
   * holds the lease; `null` writes unfenced (single-process replay). Returns whether it was
   * applied: false means another instance leads now and this evaluation must be dropped.
   */
  commit(change: AlertCommit, fence: string | null): Promise<boolean>;
}
