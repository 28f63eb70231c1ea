import {
  type ExternalAlert,
  type ExternalAlertFilter,
  type ExternalAlertStore,
  type ExternalAlertStoreLimits,
  externalAlertDefaults,
  lastHeardMs,
  sameNews,
  selectAlerts,
  supersedes,
} from './external-alert-store.js';

/** The embedded ExternalAlertStore: one process, bounded in size and age. */
export class MemoryExternalAlertStore implements ExternalAlertStore {
  readonly #alerts = new Map<string, ExternalAlert>();
  readonly #limits: Required<ExternalAlertStoreLimits>;

  constructor(limits: ExternalAlertStoreLimits) {
    this.#limits = { ...externalAlertDefaults, ...limits };
  }

  async record(alerts: readonly ExternalAlert[]): Promise<number> {
    let changed = 0;
    for (const alert of alerts) {
      const stored = this.#alerts.get(alert.fingerprint);
      if (stored !== undefined && !supersedes(alert, stored)) continue;
      // Re-inserting keeps the map in least-recently-recorded order, for eviction.
      this.#alerts.delete(alert.fingerprint);
      this.#alerts.set(alert.fingerprint, structuredClone(alert));
      if (stored === undefined || !sameNews(alert, stored)) changed += 1;
    }
    this.#prune();
    return changed;
  }

  async list(filter: ExternalAlertFilter = {}): Promise<ExternalAlert[]> {
    this.#prune();
    return selectAlerts(this.#alerts.values(), filter).map((a) => structuredClone(a));
  }

  async get(fingerprint: string): Promise<ExternalAlert | undefined> {
    const alert = this.#alerts.get(fingerprint);
    return alert === undefined ? undefined : structuredClone(alert);
  }

  #prune(): void {
    const oldest = this.#limits.now() - this.#limits.retentionMs;
    for (const [fingerprint, a] of this.#alerts)
      if (lastHeardMs(a) < oldest) this.#alerts.delete(fingerprint);
    for (const fingerprint of this.#alerts.keys()) {
      if (this.#alerts.size <= this.#limits.maxAlerts) break;
      this.#alerts.delete(fingerprint);
    }
  }
}
