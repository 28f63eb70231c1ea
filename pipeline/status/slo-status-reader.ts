import type { Slo } from '../slo/slo.js';
import type { WindowStore } from '../window/window-store.js';
import { type BudgetBurnDown, budgetBurnDown, burnDownInstants } from './budget-burn-down.js';
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
    /** The SLOs that counted sampled spans, to flag in their status. */
    private readonly sampled?: { has(sloId: string): boolean },
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
      return sloStatus(s, endMinute, this.windows, period, rest, this.sampled?.has(s.id) ?? false);
    });
  }

  /**
   * The error-budget burn-down of `slo`'s period ending at `endMinute` (exclusive): the budget
   * left at `points` instants from the period's start to its end, each from the events since
   * the start. One store call answers every instant.
   */
  async burnDown(slo: Slo, endMinute: number, points: number): Promise<BudgetBurnDown> {
    const instants = burnDownInstants(endMinute, slo.periodMinutes, points);
    const start = endMinute - slo.periodMinutes;
    const queried = instants.filter((m) => m > start);
    const counts = await this.store.windowCounts(
      queried.map((m) => ({ sloId: slo.id, end: m, windows: [m - start] })),
    );
    const byInstant = new Map(queried.map((m, i) => [m, counts[i]?.[0] ?? { good: 0, total: 0 }]));
    return budgetBurnDown(
      slo,
      instants,
      instants.map((m) => byInstant.get(m) ?? { good: 0, total: 0 }),
    );
  }
}
