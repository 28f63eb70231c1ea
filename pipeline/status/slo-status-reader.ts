import type { Slo } from '../slo/slo.js';
import { alignedStart, storedBoundary } from '../window/window-ranges.js';
import type { EpochMinute, WindowCount, WindowQuery, WindowStore } from '../window/window-store.js';
import { type BudgetBurnDown, budgetBurnDown, burnDownInstants } from './budget-burn-down.js';
import {
  type BudgetExclusion,
  type BudgetExclusions,
  clipAndMerge,
  isoMinute,
  type MinuteRange,
  withoutExcluded,
} from './budget-exclusions.js';
import { type SloStatus, sloStatus } from './slo-status.js';

/**
 * Reads the status of SLOs from the WindowStore: one query per SLO asks for its period and
 * every alerting window at once, so the store fetches each bucket string once.
 */
export class SloStatusReader {
  private readonly byId: Map<string, Slo>;
  private exclusions: BudgetExclusions | undefined;

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

  /**
   * Leaves the minutes `exclusions` names (maintenance windows) out of every SLO's error
   * budget from now on: the period's counts in the status and the burn-down. Set once the
   * alerting layer, which owns them, exists; the burn-rate windows are not affected.
   */
  excludeFromBudget(exclusions: BudgetExclusions): void {
    this.exclusions = exclusions;
  }

  /**
   * Status of the given SLOs (all by default) with windows ending at `endMinute` (exclusive).
   * With maintenance windows in the period, its counts leave their events out and the status
   * says so in `maintenance`.
   */
  async read(endMinute: number, slos: readonly Slo[] = this.slos): Promise<SloStatus[]> {
    const ranges = await Promise.all(slos.map((s) => this.excludedRanges(s, endMinute)));
    // The excluded ranges are read in the same store call as the windows: one query each.
    const rangeQueries = ranges.flatMap((rs, i) => rs.map((r) => rangeQuery(slos[i]!.id, r.from, r.to)));
    const counts = await this.store.windowCounts([
      ...slos.map((s) => ({ sloId: s.id, end: endMinute, windows: [s.periodMinutes, ...this.windows] })),
      ...rangeQueries,
    ]);
    let next = slos.length;
    return slos.map((s, i) => {
      const [period = { good: 0, total: 0 }, ...rest] = counts[i] ?? [];
      const rs = ranges[i] ?? [];
      const excluded = sum(rs.map(() => counts[next++]?.[0]));
      const status = sloStatus(
        s,
        endMinute,
        this.windows,
        withoutExcluded(period, excluded),
        rest,
        this.sampled?.has(s.id) ?? false,
      );
      return rs.length === 0 ? status : { ...status, maintenance: exclusionOf(rs, excluded) };
    });
  }

  /**
   * The error-budget burn-down of `slo`'s period ending at `endMinute` (exclusive): the budget
   * left at `points` instants from the period's start to its end, each from the events since
   * the start. One store call answers every instant. The start, and instants more than 3 days
   * back, are on the hour boundary at or after them, as the stores count the period.
   */
  async burnDown(slo: Slo, endMinute: number, points: number): Promise<BudgetBurnDown> {
    const instants = [
      ...new Set(
        burnDownInstants(endMinute, slo.periodMinutes, points).map((m) => storedBoundary(m, endMinute)),
      ),
    ];
    const start = alignedStart(endMinute, slo.periodMinutes);
    const queried = instants.filter((m) => m > start);
    const counts = await this.store.windowCounts(
      queried.map((m) => ({ sloId: slo.id, end: m, windows: [m - start] })),
    );
    const byInstant = new Map(queried.map((m, i) => [m, counts[i]?.[0] ?? { good: 0, total: 0 }]));
    const ranges = await this.excludedRanges(slo, endMinute);
    const excluded = await this.excludedUpTo(slo, ranges, queried);
    const down = budgetBurnDown(
      slo,
      instants,
      instants.map((m) =>
        withoutExcluded(byInstant.get(m) ?? { good: 0, total: 0 }, excluded.get(m) ?? { good: 0, total: 0 }),
      ),
    );
    return ranges.length === 0
      ? down
      : { ...down, maintenance: exclusionOf(ranges, excluded.get(endMinute) ?? { good: 0, total: 0 }) };
  }

  /**
   * The excluded ranges within the period of `slo` ending at `end`, with edges more than 3
   * days back on the hour boundary at or after them: the stores count no finer there.
   */
  private async excludedRanges(slo: Slo, end: EpochMinute): Promise<MinuteRange[]> {
    if (this.exclusions === undefined) return [];
    const from = alignedStart(end, slo.periodMinutes);
    const ranges = (await this.exclusions.ranges(slo, from, end)).map((r) => ({
      from: storedBoundary(Math.max(r.from, from), end),
      to: storedBoundary(Math.min(r.to, end), end),
    }));
    return clipAndMerge(ranges, from, end);
  }

  /** Per instant, the events of the excluded minutes before it: one store call for all. */
  private async excludedUpTo(
    slo: Slo,
    ranges: readonly MinuteRange[],
    instants: readonly EpochMinute[],
  ): Promise<Map<EpochMinute, WindowCount>> {
    const parts = instants.flatMap((m) =>
      ranges.filter((r) => r.from < m).map((r) => ({ instant: m, from: r.from, to: Math.min(r.to, m) })),
    );
    if (parts.length === 0) return new Map();
    const counts = await this.store.windowCounts(parts.map((p) => rangeQuery(slo.id, p.from, p.to)));
    const byInstant = new Map<EpochMinute, WindowCount>();
    parts.forEach((p, i) => {
      byInstant.set(p.instant, sum([byInstant.get(p.instant), counts[i]?.[0]]));
    });
    return byInstant;
  }
}

/** The counts of minutes [from, to): a window of that length ending at `to`. */
const rangeQuery = (sloId: string, from: EpochMinute, to: EpochMinute): WindowQuery => ({
  sloId,
  end: to,
  windows: [to - from],
});

function sum(counts: ReadonlyArray<WindowCount | undefined>): WindowCount {
  let good = 0;
  let total = 0;
  for (const c of counts) {
    good += c?.good ?? 0;
    total += c?.total ?? 0;
  }
  return { good, total };
}

function exclusionOf(ranges: readonly MinuteRange[], excluded: WindowCount): BudgetExclusion {
  return {
    minutes: ranges.reduce((n, r) => n + r.to - r.from, 0),
    good: excluded.good,
    total: excluded.total,
    windows: ranges.map((r) => ({ from: isoMinute(r.from), to: isoMinute(r.to) })),
  };
}
