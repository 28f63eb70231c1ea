import type { BurnRateTierSpec } from './burn-rate-rules.js';

/**
 * Scaling a rule profile written for a 30-day period to any other period, as Pyrra does:
 * every window is multiplied by period / 30 days and rounded to whole minutes (never under
 * one minute). A tier's budget share then burns within a window that is the same fraction
 * of the period, so its factor is the same at every period (14.4, 6, 3 and 1 for the
 * workbook's tiers) and a burn slower than 1x (an SLO that will be met) never reaches it.
 */

/** The period the workbook's windows (1h/5m, 6h/30m, 1d/2h, 3d/6h) are written for. */
export const REFERENCE_PERIOD_MINUTES = 30 * 1440;

/** `minutes` of a 30-day profile scaled to `periodMinutes`: whole minutes, at least one. */
export function scaleWindow(minutes: number, periodMinutes: number): number {
  return Math.max(1, Math.round((minutes * periodMinutes) / REFERENCE_PERIOD_MINUTES));
}

/**
 * A 30-day tier scaled to `periodMinutes`. A budget-share tier becomes a fixed factor of
 * share x 30 d / long window: the factor at the unrounded scaled window, so rounding a
 * window up never lowers the factor below the one the shares give at 30 days.
 */
export function scaleTier(spec: BurnRateTierSpec, periodMinutes: number): BurnRateTierSpec {
  const factor = spec.factor ?? ((spec.budgetShare ?? 0) * REFERENCE_PERIOD_MINUTES) / spec.longWindowMinutes;
  const { budgetShare: _share, ...rest } = spec;
  return {
    ...rest,
    longWindowMinutes: scaleWindow(spec.longWindowMinutes, periodMinutes),
    shortWindowMinutes: scaleWindow(spec.shortWindowMinutes, periodMinutes),
    factor,
  };
}
