import type { Slo } from '../slo/slo.js';
import type { WindowStore } from '../window/window-store.js';
import { type SloStatus, sloStatus } from './slo-status.js';

/**
 * Reads the status of SLOs from the WindowStore: one query per SLO asks for its period and
 * every alerting window at once, so the store fetches each bucket string once.
 */
export class SloStatusReader {
  private readonly byId: Map<string, Slo>;

  constructor(
    readonly slos: readonly Slo[],
    private readonly store: WindowStore,
    readonly windows: readonly number[],
  ) {
    this.byId = new Map(slos.map((s) => [s.id, s]));
  }

  get(id: string): Slo | undefined {
    return this.byId.get(id);
  }

  /** Status of the given SLOs (all by default) with windows ending at `endMinute` (exclusive). */
  async read(endMinute: number, slos: readonly Slo[] = this.slos): Promise<SloStatus[]> {
    const counts = await this.store.windowCounts(
      slos.map((s) => ({ sloId: s.id, end: endMinute, windows: [s.periodMinutes, ...this.windows] })),
    );
    return slos.map((s, i) => {
      const [period = { good: 0, total: 0 }, ...rest] = counts[i] ?? [];
      return sloStatus(s, endMinute, this.windows, period, rest);
    });
  }
}
