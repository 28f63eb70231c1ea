import type { SloStatus } from '../pipeline/status/slo-status.js';
import type { Severity } from './alert.js';
import { tierFires, type WindowReading } from './burn-rate-rules.js';
import type { AlertRuleSet } from './rule-sets.js';

/** The alert names faultline raises about SLOs. */
export const AlertName = {
  page: 'SLOBurnRatePage',
  ticket: 'SLOBurnRateTicket',
  noData: 'SLONoData',
  budgetExhausted: 'SLOBudgetExhausted',
} as const;

const burnRateName = (severity: Severity): string =>
  severity === 'page' ? AlertName.page : AlertName.ticket;

/** The windows and threshold that name an alert for one episode (pending to resolved). */
export interface AlertEpisode {
  longWindowMinutes: number;
  shortWindowMinutes?: number;
  /** The burn-rate threshold of the tier, for burn-rate alerts. */
  factor?: number;
}

/** One alert's condition at one instant. */
export interface AlertCondition {
  /** `<slo id>|<alertname>`: one alert state per SLO and alert name (which carries the severity). */
  key: string;
  sloId: string;
  alertname: string;
  severity: Severity;
  /** Whether the condition holds; null when it cannot be told yet (the state is kept). */
  active: boolean | null;
  /** What names the alert if an episode starts now: the first firing tier, else the first tier. */
  episode: AlertEpisode;
}

export const alertKey = (sloId: string, alertname: string): string => `${sloId}|${alertname}`;

export interface ConditionContext {
  atMs: number;
  /** The earliest instant the store holds complete counts from; no-data needs a full window after it. */
  historyStartMs?: number;
}

/**
 * The conditions of every alert of one SLO: one burn-rate alert per severity (firing when
 * any of its tiers fires), no data, and budget exhausted.
 */
export function conditionsFor(
  status: SloStatus,
  rules: AlertRuleSet,
  ctx: ConditionContext,
): AlertCondition[] {
  const readings = new Map<number, WindowReading>(
    status.windows.map((w) => [w.minutes, { total: w.total, burnRate: w.burnRate }]),
  );
  const conditions: AlertCondition[] = [];
  const make = (alertname: string, severity: Severity, active: boolean | null, episode: AlertEpisode) =>
    conditions.push({
      key: alertKey(status.id, alertname),
      sloId: status.id,
      alertname,
      severity,
      active,
      episode,
    });

  const severities = [...new Set(rules.tiers.map((t) => t.severity))];
  for (const severity of severities) {
    const tiers = rules.tiers.filter((t) => t.severity === severity);
    const firing = tiers.find((t) =>
      tierFires(t, readings.get(t.longWindowMinutes), readings.get(t.shortWindowMinutes)),
    );
    const named = firing ?? tiers[0]!;
    make(burnRateName(severity), severity, firing !== undefined, {
      longWindowMinutes: named.longWindowMinutes,
      shortWindowMinutes: named.shortWindowMinutes,
      factor: named.factor,
    });
  }

  if (rules.noData) {
    const { windowMinutes, severity } = rules.noData;
    const known = ctx.historyStartMs === undefined || ctx.atMs - windowMinutes * 60_000 >= ctx.historyStartMs;
    const total = readings.get(windowMinutes)?.total ?? 0;
    make(AlertName.noData, severity, known ? total === 0 : null, { longWindowMinutes: windowMinutes });
  }

  if (rules.budgetExhausted) {
    make(
      AlertName.budgetExhausted,
      rules.budgetExhausted.severity,
      status.total > 0 && status.errorBudgetRemaining <= 0,
      { longWindowMinutes: status.periodMinutes },
    );
  }
  return conditions;
}
