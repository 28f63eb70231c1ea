import type { SloStatus, WindowStatus } from '../../core/api-types.js';
import { windowName } from '../../core/duration.js';
import type { Slo } from '../slo/slo.js';
import type { WindowCount } from '../window/window-store.js';

export type { SloStatus, WindowStatus };

/** The alerting windows faultline evaluates by default (Google SRE workbook pairs). */
export const DEFAULT_WINDOWS_MINUTES: readonly number[] = [5, 30, 60, 120, 360, 1440, 4320];

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
