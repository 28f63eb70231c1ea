import {
  type ExternalAlert,
  type ExternalAlertFilter,
  type ExternalAlertStore,
  supersedes,
} from './external-alert-store.js';

export interface MemoryExternalAlertStoreOptions {
  /** Wall-clock milliseconds. */
  now: () => number;
  /**
   * Resolved alerts are forgotten this long after they ended; firing ones this long after
   * the last notification about them (Alertmanager repeats firing ones every repeat_interval,
   * 4 h by default). Default 24 h.
   */
  retentionMs?: number;
  /** At most this many alerts are kept; the least recently heard of go first. Default 10 000. */
  maxAlerts?: number;
}

/** The embedded ExternalAlertStore: one process, bounded in size and age. */
export class MemoryExternalAlertStore implements ExternalAlertStore {
  readonly #alerts = new Map<string, ExternalAlert>();
  readonly #now: () => number;
  readonly #retentionMs: number;
  readonly #maxAlerts: number;

  constructor(options: MemoryExternalAlertStoreOptions) {
    this.#now = options.now;
    this.#retentionMs = options.retentionMs ?? 86_400_000;
    this.#maxAlerts = options.maxAlerts ?? 10_000;
  }

  async record(alerts: readonly ExternalAlert[]): Promise<number> {
    let changed = 0;
    for (const alert of alerts) {
      const stored = this.#alerts.get(alert.fingerprint);
      if (stored !== undefined && !supersedes(alert, stored)) continue;
      // Re-inserting keeps the map in least-recently-heard-of order, for eviction.
      this.#alerts.delete(alert.fingerprint);
      this.#alerts.set(alert.fingerprint, structuredClone(alert));
      changed += 1;
    }
    this.#prune();
    return changed;
  }

  async list(filter: ExternalAlertFilter = {}): Promise<ExternalAlert[]> {
    this.#prune();
    return [...this.#alerts.values()]
      .filter((a) => filter.status === undefined || a.status === filter.status)
      .filter((a) => filter.service === undefined || a.service === filter.service)
      .sort(
        (a, b) =>
          Date.parse(b.startsAt) - Date.parse(a.startsAt) || a.fingerprint.localeCompare(b.fingerprint),
      )
      .map((a) => structuredClone(a));
  }

  async get(fingerprint: string): Promise<ExternalAlert | undefined> {
    const alert = this.#alerts.get(fingerprint);
    return alert === undefined ? undefined : structuredClone(alert);
  }

  #prune(): void {
    const oldest = this.#now() - this.#retentionMs;
    for (const [fingerprint, a] of this.#alerts) {
      const last = a.status === 'resolved' ? Date.parse(a.endsAt ?? a.receivedAt) : Date.parse(a.receivedAt);
      if (last < oldest) this.#alerts.delete(fingerprint);
    }
    for (const fingerprint of this.#alerts.keys()) {
      if (this.#alerts.size <= this.#maxAlerts) break;
      this.#alerts.delete(fingerprint);
    }
  }
}
