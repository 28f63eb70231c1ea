import { formatDuration, windowName } from '../core/duration.js';
import type { SloStatus } from '../pipeline/status/slo-status.js';
import type { Alert, Severity } from './alert.js';
import { type AlertEpisode, AlertName } from './alert-conditions.js';
import type { AlertMachine } from './alert-state.js';
import { fingerprint } from './fingerprint.js';

/**
 * What an alert says: its labels (its identity, fixed for an episode) and annotations
 * (refreshed at every evaluation), in the names Prometheus and Alertmanager users expect.
 */

/** alertname, slo, service, severity, long_window, short_window (when it has one), plus the SLO's labels. */
export function alertLabels(
  status: SloStatus,
  alertname: string,
  severity: Severity,
  episode: AlertEpisode,
): Record<string, string> {
  return {
    ...status.labels,
    alertname,
    slo: status.id,
    service: status.service,
    severity,
    long_window: windowName(episode.longWindowMinutes),
    ...(episode.shortWindowMinutes === undefined
      ? {}
      : { short_window: windowName(episode.shortWindowMinutes) }),
  };
}

export interface AlertRendering {
  status: SloStatus;
  labels: Record<string, string>;
  alertname: string;
  severity: Severity;
  episode: AlertEpisode;
  machine: AlertMachine;
  generatorURL: string;
}

/** The alert as notifiers and the API see it. */
export function renderAlert(r: AlertRendering): Alert {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  const firedAt = iso(r.machine.firedAtMs);
  const resolvedAt = iso(r.machine.resolvedAtMs);
  return {
    fingerprint: fingerprint(r.labels),
    labels: r.labels,
    annotations: annotations(r),
    state: r.machine.state,
    severity: r.severity,
    sloId: r.status.id,
    service: r.status.service,
    since: new Date(r.machine.sinceMs).toISOString(),
    ...(firedAt === undefined ? {} : { firedAt }),
    ...(resolvedAt === undefined ? {} : { resolvedAt }),
    burnRates: Object.fromEntries(r.status.windows.map((w) => [w.window, w.burnRate])),
    generatorURL: r.generatorURL,
  };
}

function annotations({ status, alertname, episode }: AlertRendering): Record<string, string> {
  const burnOf = (minutes: number | undefined) =>
    status.windows.find((w) => w.minutes === minutes)?.burnRate ?? null;
  const current = burnOf(episode.shortWindowMinutes ?? status.windows[0]?.minutes);
  const left = `${percent(status.errorBudgetRemaining)} of the ${status.period} error budget is left`;
  const exhaustion = timeToExhaustion(status.errorBudgetRemaining, status.periodMinutes, current);
  const long = windowName(episode.longWindowMinutes);
  let summary: string;
  let description: string;
  if (alertname === AlertName.noData) {
    summary = `${status.id} has had no events for ${long}`;
    description = `No event matched the SLI of ${status.id} in the last ${long}, so its burn rate cannot be evaluated. Check that the service is up and still reports telemetry, and that the SLI selector matches it.`;
  } else if (alertname === AlertName.budgetExhausted) {
    summary = `${status.id} has spent its ${status.period} error budget`;
    const sli = status.sli === null ? 'unknown' : percent(status.sli, 3);
    description = `The SLI over the last ${status.period} is ${sli} against an objective of ${percent(status.objective, 3)}: ${percent(1 - status.errorBudgetRemaining)} of the error budget is spent.`;
  } else {
    const short = windowName(episode.shortWindowMinutes ?? episode.longWindowMinutes);
    const factor = episode.factor === undefined ? 'n/a' : rate(episode.factor);
    summary = `${status.id} is burning its ${status.period} error budget too fast`;
    description = `The error budget burn rate is ${rate(burnOf(episode.longWindowMinutes))} over ${long} and ${rate(burnOf(episode.shortWindowMinutes))} over ${short} (the alert fires above ${factor} on both). ${left}; ${exhaustionText(exhaustion)}.`;
  }
  return {
    summary,
    description,
    ...(episode.factor === undefined ? {} : { burn_rate_threshold: rate(episode.factor) }),
    ...Object.fromEntries(status.windows.map((w) => [`burn_rate_${w.window}`, rate(w.burnRate)])),
    objective: String(status.objective),
    budget_remaining: round(status.errorBudgetRemaining, 4),
    time_to_exhaustion: exhaustion,
    ...(status.runbookUrl === undefined ? {} : { runbook_url: status.runbookUrl }),
    ...(status.dashboardUrl === undefined ? {} : { dashboard_url: status.dashboardUrl }),
    ...(status.description === undefined ? {} : { slo_description: status.description }),
  };
}

/**
 * How long until the period's budget is spent at `burnRate` (1 spends the whole budget in
 * one period): remaining x period / burn rate. `spent` when nothing is left, `never` when
 * nothing burns, `unknown` without events.
 */
export function timeToExhaustion(remaining: number, periodMinutes: number, burnRate: number | null): string {
  if (remaining <= 0) return 'spent';
  if (burnRate === null) return 'unknown';
  if (burnRate <= 0) return 'never';
  return formatDuration((remaining * periodMinutes * 60_000) / burnRate);
}

const round = (x: number, digits: number): string => String(Number(x.toFixed(digits)));
const rate = (x: number | null): string => (x === null ? 'n/a' : round(x, 2));
const percent = (x: number, digits = 1): string => `${round(x * 100, digits)}%`;

/** The sentence end for a time to exhaustion: already spent, never at this rate, or in how long. */
function exhaustionText(exhaustion: string): string {
  if (exhaustion === 'spent') return 'the budget is already spent';
  if (exhaustion === 'never') return 'at the current rate it is never spent';
  return `at the current rate it is spent in ${exhaustion}`;
}
