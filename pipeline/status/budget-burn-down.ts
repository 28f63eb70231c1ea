import type { BudgetBurnDown, BudgetPoint } from '../../core/api-types.js';
import { windowName } from '../../core/duration.js';
import type { Slo } from '../slo/slo.js';
import type { EpochMinute, WindowCount } from '../window/window-store.js';

export type { BudgetBurnDown, BudgetPoint };

/**
 * `points` instants spread evenly over the period ending at `endMinute` (exclusive), on
 * minute boundaries, first at the period's start and last at its end. Repeated instants
 * (more points than minutes) are dropped.
 */
export function burnDownInstants(
  endMinute: EpochMinute,
  periodMinutes: number,
  points: number,
): EpochMinute[] {
  const start = endMinute - periodMinutes;
  const instants: EpochMinute[] = [];
  for (let i = 0; i < points; i++) {
    const m = start + Math.round((i * periodMinutes) / (points - 1));
    if (instants.at(-1) !== m) instants.push(m);
  }
  return instants;
}

/**
 * The burn-down from the counts of [start, instant) for each instant (in order, the last
 * one the whole period).
 */
export function budgetBurnDown(
  slo: Slo,
  instants: readonly EpochMinute[],
  counts: readonly WindowCount[],
): BudgetBurnDown {
  const budget = 1 - slo.objective;
  const whole = counts.at(-1) ?? { good: 0, total: 0 };
  const allowedBad = whole.total * budget;
  const iso = (m: EpochMinute) => new Date(m * 60_000).toISOString();
  const end = instants.at(-1) ?? 0;
  return {
    id: slo.id,
    objective: slo.objective,
    period: windowName(slo.periodMinutes),
    periodMinutes: slo.periodMinutes,
    errorBudget: budget,
    from: iso(end - slo.periodMinutes),
    to: iso(end),
    points: instants.map((m, i) => {
      const c = counts[i] ?? { good: 0, total: 0 };
      const bad = c.total - c.good;
      return {
        at: iso(m),
        good: c.good,
        total: c.total,
        remaining: allowedBad > 0 ? 1 - bad / allowedBad : 1,
      };
    }),
  };
}
