import { api } from '../api/client.js';
import type { Alert, BudgetBurnDown, Incident, SloStatus } from '../api/types.js';
import { burnRateChart } from '../charts/burn-rate-chart.js';
import { lineChart } from '../charts/line-chart.js';
import { h } from '../core/dom.js';
import { burnRate, dateTime, duration, exact, objective, percent } from '../core/format.js';
import { href } from '../core/router.js';
import {
  byUrgency,
  emptyState,
  keptBack,
  keyValues,
  pageHeading,
  type Rendered,
  section,
  stateBadge,
  table,
} from './common.js';
import { sloSignalChart } from './slo-signal-chart.js';

const BUDGET_POINTS = 48;

/** One SLO: its budget burn-down, burn rates against the alert thresholds, its alerts. */
export async function sloDetailView(id: string): Promise<Rendered> {
  const [slo, budget, alerts, incidents] = await Promise.all([
    api.slo(id),
    api.budget(id, BUDGET_POINTS),
    api.alerts(),
    api.incidents(),
  ]);
  const mine = alerts.filter((a) => a.sloId === slo.id).sort(byUrgency);
  // From "what" to "why": the open incident this SLO's service is part of, if any.
  const incident = incidents?.find((i) => i.status === 'open' && i.services.includes(slo.service));
  const signal = await sloSignalChart(slo, mine, incident, Date.parse(slo.at));
  const nodes = [
    h('p', { class: 'breadcrumb' }, h('a', { href: href.slos() }, 'SLOs'), ' / ', slo.id),
    pageHeading(
      slo.id,
      slo.description === undefined ? null : h('p', { class: 'lede' }, slo.description),
      h(
        'p',
        {},
        h('a', { href: href.silences([`slo="${slo.id}"`]), 'data-silence-slo': slo.id }, 'Silence this SLO'),
      ),
    ),
    summary(slo, incident),
    signal === undefined ? null : section('When it went wrong', 'signal-heading', signal.node),
    section(
      'Error budget burn-down',
      'budget-heading',
      lineChart({
        key: 'budget',
        title: `Error budget left over the ${slo.period} period`,
        series: [
          {
            name: 'Budget left',
            points: budget.points.map((p) => ({ t: Date.parse(p.at), v: p.remaining })),
          },
        ],
        format: (v) => percent(v, 0),
        yTitle: '% of the error budget left',
        thresholds: [{ value: 0, label: 'budget spent' }],
        include: [0, 1],
        from: Date.parse(budget.from),
        to: Date.parse(budget.to),
        summary: burnDownSummary(budget),
      }),
    ),
    section(
      'Burn rates against alert thresholds',
      'burn-heading',
      slo.burnRateTiers === undefined || slo.burnRateTiers.length === 0
        ? h('p', { class: 'muted' }, 'Alerting is off for this SLO: no burn-rate tiers.')
        : burnRateChart('burn-rates', slo.burnRateTiers, slo.windows),
      table(
        'Every window',
        ['Window', 'Events', 'Bad events', 'Error ratio', 'Burn rate'],
        slo.windows.map((w) => [
          w.window,
          exact(w.total),
          exact(w.total - w.good),
          percent(w.errorRatio, 3),
          burnRate(w.burnRate),
        ]),
        { 'data-table': 'windows' },
      ),
    ),
    section('Alert history', 'alerts-heading', alertHistory(mine)),
  ];
  return {
    title: slo.id,
    nodes,
    signature: JSON.stringify([slo, budget, mine, incident?.id, signal?.signature]),
  };
}

function summary(slo: SloStatus, incident: Incident | undefined): HTMLElement {
  const current = slo.windows[0];
  const left = slo.errorBudgetRemaining;
  let exhaustion = 'unknown';
  if (left <= 0) exhaustion = 'spent';
  else if (current?.burnRate === 0) exhaustion = 'never at the current rate';
  else if (current?.burnRate != null) {
    exhaustion = `in ${duration((left * slo.periodMinutes * 60_000) / current.burnRate)} at the ${current.window} rate`;
  }
  return keyValues([
    ['Objective', `${objective(slo.objective)} over ${slo.period}`],
    ['SLI', `${slo.sliKind}: ${percent(slo.sli, 3)}`],
    [
      'Events',
      h(
        'span',
        { 'data-value': 'events' },
        `${exact(slo.good)} good and ${exact(slo.total - slo.good)} bad of ${exact(slo.total)}`,
      ),
    ],
    ...(incident === undefined
      ? []
      : ([
          [
            'Open incident',
            h('a', { href: href.incident(incident.id), 'data-open-incident': incident.id }, incident.id),
          ],
        ] as const)),
    ['Error budget left', h('span', { 'data-value': 'budget-left' }, percent(left))],
    ...(slo.maintenance === undefined
      ? []
      : ([
          [
            'Maintenance windows',
            h(
              'span',
              { 'data-value': 'maintenance' },
              `${exact(slo.maintenance.minutes)} min and ${exact(slo.maintenance.total)} events left out of the budget`,
            ),
          ],
        ] as const)),
    ['Budget exhausted', exhaustion],
    ...(slo.runbookUrl === undefined
      ? []
      : ([
          ['Runbook', h('a', { href: slo.runbookUrl, rel: 'noopener noreferrer' }, slo.runbookUrl)],
        ] as const)),
  ]);
}

function burnDownSummary(b: BudgetBurnDown): string {
  const first = b.points[0];
  const last = b.points.at(-1);
  if (first === undefined || last === undefined) return 'No data.';
  return `Budget left went from ${percent(first.remaining)} at ${dateTime(first.at)} to ${percent(last.remaining)} at ${dateTime(last.at)}.`;
}

function alertHistory(alerts: readonly Alert[]): HTMLElement {
  if (alerts.length === 0) return emptyState('No pending, firing or recently resolved alerts for this SLO.');
  return table(
    'Alerts of this SLO, most urgent first',
    ['Alert', 'State', 'Not sent because', 'Windows', 'Since', 'Fired', 'Resolved', 'Summary', 'Silence'],
    alerts.map((a) => [
      a.labels.alertname ?? '(alert)',
      stateBadge(a.state, a.severity),
      keptBack(a),
      [a.labels.long_window, a.labels.short_window].filter(Boolean).join(' / ') || '—',
      dateTime(a.since),
      dateTime(a.firedAt),
      dateTime(a.resolvedAt),
      a.annotations.summary ?? '',
      h('a', { href: href.silences(alertMatchers(a)), 'data-silence-alert': a.fingerprint }, 'Silence'),
    ]),
    { 'data-table': 'alerts' },
  );
}

/** The matchers that silence exactly this alert's pages or tickets of its SLO. */
function alertMatchers(a: Alert): string[] {
  return [`alertname="${a.labels.alertname ?? ''}"`, `slo="${a.sloId}"`, `severity="${a.severity}"`];
}
