import { windowName } from '../../core/duration.js';
import type { Slo } from '../slo/slo.js';
import type { WindowCount } from '../window/window-store.js';
import type { BudgetExclusion } from './budget-exclusions.js';

/** The alerting windows faultline evaluates by default (Google SRE workbook pairs). */
export const DEFAULT_WINDOWS_MINUTES: readonly number[] = [5, 30, 60, 120, 360, 1440, 4320];

export interface WindowStatus {
  /** e.g. `5m`, `1h`, `3d`. */
  window: string;
  minutes: number;
  good: number;
  total: number;
  /** bad / total; null without events. */
  errorRatio: number | null;
  /** errorRatio / (1 - objective): 1 burns the budget exactly over the period. */
  burnRate: number | null;
}

export interface SloStatus {
  id: string;
  service: string;
  name: string;
  objective: number;
  period: string;
  periodMinutes: number;
  sliKind: Slo['sli']['kind'];
  labels: Record<string, string>;
  description?: string;
  runbookUrl?: string;
  dashboardUrl?: string;
  /** Windows end at this instant (exclusive), ISO 8601. */
  at: string;
  /** Good and total events over the whole period. */
  good: number;
  total: number;
  /** good / total over the period; null without events. */
  sli: number | null;
  /** 1 - objective. */
  errorBudget: number;
  /** Share of the period's budget left: 1 untouched, 0 spent, negative overspent. */
  errorBudgetRemaining: number;
  /**
   * True when sampled spans (an OTEP 235 threshold or the configured sampling-ratio
   * attribute) fed this SLO: its counts are estimates from adjusted counts, not exact.
   */
  sampled: boolean;
  windows: WindowStatus[];
  /**
   * Present when maintenance windows (silences with `excludeFromBudget`) cover part of the
   * period: their minutes and events, which the counts and the budget above leave out.
   */
  maintenance?: BudgetExclusion;
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** The status of one SLO from the counts of its period (first) and of each window (in order). */
export function sloStatus(
  slo: Slo,
  endMinute: number,
  windows: readonly number[],
  period: WindowCount,
  counts: readonly WindowCount[],
  sampled = false,
): SloStatus {
  const budget = 1 - slo.objective;
  const periodError = ratio(period.total - period.good, period.total);
  return {
    id: slo.id,
    service: slo.service,
    name: slo.name,
    objective: slo.objective,
    period: windowName(slo.periodMinutes),
    periodMinutes: slo.periodMinutes,
    sliKind: slo.sli.kind,
    labels: slo.labels,
    ...(slo.description === undefined ? {} : { description: slo.description }),
    ...(slo.runbookUrl === undefined ? {} : { runbookUrl: slo.runbookUrl }),
    ...(slo.dashboardUrl === undefined ? {} : { dashboardUrl: slo.dashboardUrl }),
    at: new Date(endMinute * 60_000).toISOString(),
    good: period.good,
    total: period.total,
    sli: ratio(period.good, period.total),
    errorBudget: budget,
    errorBudgetRemaining: periodError === null ? 1 : 1 - periodError / budget,
    sampled,
    windows: windows.map((minutes, i) => {
      const c = counts[i] ?? { good: 0, total: 0 };
      const errorRatio = ratio(c.total - c.good, c.total);
      return {
        window: windowName(minutes),
        minutes,
        good: c.good,
        total: c.total,
        errorRatio,
        burnRate: errorRatio === null ? null : errorRatio / budget,
      };
    }),
  };
}
