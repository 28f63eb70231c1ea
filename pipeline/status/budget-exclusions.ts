import type { Slo } from '../slo/slo.js';
import type { EpochMinute, WindowCount } from '../window/window-store.js';

/** Minutes [from, to) of one SLO that its error budget leaves out. */
export interface MinuteRange {
  from: EpochMinute;
  to: EpochMinute;
}

/**
 * Where the minutes left out of an SLO's error budget come from (port): maintenance windows.
 * The alerting layer adapts its silences to it; the status reader sits below alerting and
 * only knows this interface.
 */
export interface BudgetExclusions {
  /** The excluded ranges of `slo` that overlap [from, to), in any order, possibly overlapping. */
  ranges(slo: Slo, from: EpochMinute, to: EpochMinute): Promise<MinuteRange[]>;
}

/** What a status or burn-down left out of the budget: the minutes and the events in them. */
export interface BudgetExclusion extends WindowCount {
  minutes: number;
  /** The excluded ranges within the period, ISO 8601, in order. */
  windows: Array<{ from: string; to: string }>;
}

/** `ranges` clipped to [from, to), sorted, overlapping and touching ones merged. */
export function clipAndMerge(
  ranges: readonly MinuteRange[],
  from: EpochMinute,
  to: EpochMinute,
): MinuteRange[] {
  const clipped = ranges
    .map((r) => ({ from: Math.max(r.from, from), to: Math.min(r.to, to) }))
    .filter((r) => r.to > r.from)
    .sort((a, b) => a.from - b.from);
  const merged: MinuteRange[] = [];
  for (const r of clipped) {
    const last = merged.at(-1);
    if (last !== undefined && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else merged.push({ ...r });
  }
  return merged;
}

/** `count` less `excluded`, never below zero (a late event may land after the range was read). */
export function withoutExcluded(count: WindowCount, excluded: WindowCount): WindowCount {
  const total = Math.max(0, count.total - excluded.total);
  return { good: Math.min(total, Math.max(0, count.good - excluded.good)), total };
}

export const isoMinute = (m: EpochMinute): string => new Date(m * 60_000).toISOString();
