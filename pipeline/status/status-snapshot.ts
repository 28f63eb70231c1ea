import type { SloStatus } from './slo-status.js';

/**
 * The SLO statuses of the last evaluation, for readers that must not touch the store on
 * their own request (the Sloth gauges on /metrics); `StatusRefresher` publishes them.
 * `clear()` says the last read failed: no figures rather than stale ones.
 */
export class SloStatusSnapshot {
  private current: { statuses: readonly SloStatus[]; atMs: number } | undefined;
  /** Counts publications and clears, so a reader can tell whether anything changed since it looked. */
  private published = 0;

  publish(statuses: readonly SloStatus[], atMs: number): void {
    this.current = { statuses, atMs };
    this.published++;
  }

  clear(): void {
    this.current = undefined;
    this.published++;
  }

  /** The statuses and the instant (ms) they were evaluated at; undefined before the first or after a failure. */
  latest(): { statuses: readonly SloStatus[]; atMs: number } | undefined {
    return this.current;
  }

  get version(): number {
    return this.published;
  }
}
