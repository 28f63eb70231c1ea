import type { ConfigProblem } from '../config/errors.js';
import { windowName } from '../core/duration.js';
import type { BurnRateTier } from './burn-rate-rules.js';

/**
 * Why a configured tier can page an SLO that will be met. A tier whose long window is not
 * shorter than the period sees more than the budget it guards; a tier whose factor is not
 * above 1 fires on a burn that leaves budget at the end of the period.
 */

/** The SLO a tier is checked for. */
export interface TierContext {
  sloId: string;
  periodMinutes: number;
  /** Dotted path of the tier in the configuration, e.g. `alerting.rules.profiles.fast.0`. */
  path: string;
  /** Whether the configured tier gives its factor (else a budget share). */
  fixedFactor: boolean;
}

const round = (n: number): string => String(Math.round(n * 1000) / 1000);

/** The problems of one resolved tier for one SLO, each naming the field and why; none when safe. */
export function tierProblems(tier: BurnRateTier, ctx: TierContext, source: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const period = windowName(ctx.periodMinutes);
  if (tier.longWindowMinutes >= ctx.periodMinutes) {
    problems.push({
      source,
      path: `${ctx.path}.longWindow`,
      expected: `a long window shorter than the ${period} period of SLO ${ctx.sloId}, not ${windowName(tier.longWindowMinutes)}: a window as long as the period sees more than the budget it guards`,
    });
  }
  if (!(tier.factor > 1)) {
    const how = ctx.fixedFactor
      ? `${round(tier.factor)}`
      : `${round(tier.factor)} (budgetShare x ${period} / ${windowName(tier.longWindowMinutes)})`;
    problems.push({
      source,
      path: `${ctx.path}.${ctx.fixedFactor ? 'factor' : 'budgetShare'}`,
      expected: `a burn-rate factor above 1 for SLO ${ctx.sloId}, not ${how}: a burn at or below 1x meets the objective, so an alert on it pages an SLO that will be met`,
    });
  }
  return problems;
}
