import {
  type ExternalAlert,
  type ExternalAlertFilter,
  type ExternalAlertStore,
  type ExternalAlertStoreLimits,
  externalAlertDefaults,
  lastHeardMs,
  sameNews,
  selectAlerts,
  storedBytes,
  supersedes,
} from './external-alert-store.js';

/** The embedded ExternalAlertStore: one process, bounded in size and age. */
export class MemoryExternalAlertStore implements ExternalAlertStore {
  readonly #alerts = new Map<string, ExternalAlert>();
  readonly #limits: Required<ExternalAlertStoreLimits>;
  readonly #bytes = new Map<string, number>();
  #totalBytes = 0;

  constructor(limits: ExternalAlertStoreLimits) {
    this.#limits = { ...externalAlertDefaults, ...limits };
  }

  async record(alerts: readonly ExternalAlert[]): Promise<number> {
    let changed = 0;
    for (const alert of alerts) {
      const stored = this.#alerts.get(alert.fingerprint);
      if (stored !== undefined && !supersedes(alert, stored)) continue;
      // Re-inserting keeps the map in least-recently-recorded order, for eviction.
      this.#forget(alert.fingerprint);
      this.#alerts.set(alert.fingerprint, structuredClone(alert));
      const bytes = storedBytes(alert);
      this.#bytes.set(alert.fingerprint, bytes);
      this.#totalBytes += bytes;
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

  #forget(fingerprint: string): void {
    this.#totalBytes -= this.#bytes.get(fingerprint) ?? 0;
    this.#bytes.delete(fingerprint);
    this.#alerts.delete(fingerprint);
  }

  #prune(): void {
    const { now, retentionMs, maxAlerts, maxBytes, onEvicted } = this.#limits;
    const oldest = now() - retentionMs;
    for (const [fingerprint, a] of this.#alerts) if (lastHeardMs(a) < oldest) this.#forget(fingerprint);
    let evicted = 0;
    for (const fingerprint of this.#alerts.keys()) {
      if (this.#alerts.size <= maxAlerts && this.#totalBytes <= maxBytes) break;
      this.#forget(fingerprint);
      evicted++;
    }
    if (evicted > 0) onEvicted(evicted);
  }
}
