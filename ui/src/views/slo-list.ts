import { api } from '../api/client.js';
import type { Alert, SloStatus } from '../api/types.js';
import { h } from '../core/dom.js';
import { burnRate, objective, percent, plural } from '../core/format.js';
import { href } from '../core/router.js';
import { byUrgency, emptyState, pageHeading, type Rendered, stateBadge, table } from './common.js';

/** The overview: every SLO, least error budget left first, with its burn rate and alert state. */
export async function sloListView(): Promise<Rendered> {
  const [slos, alerts] = await Promise.all([api.slos(), api.alerts()]);
  const sorted = [...slos].sort(
    (a, b) => a.errorBudgetRemaining - b.errorBudgetRemaining || a.id.localeCompare(b.id),
  );
  const firing = alerts.filter((a) => a.state === 'firing').length;
  const pending = alerts.filter((a) => a.state === 'pending').length;
  const burnWindow = sorted[0]?.windows[0]?.window ?? '5m';
  const nodes = [
    pageHeading('Service level objectives'),
    h(
      'p',
      { class: 'lede', 'data-summary': 'slos' },
      `${plural(sorted.length, 'SLO')} · ${plural(firing, 'firing alert')} · ${pending} pending. Least error budget left first.`,
    ),
    sorted.length === 0
      ? emptyState('No SLOs are loaded. Name spec files in slos.files or FAULTLINE_SLO_FILES.')
      : table(
          'SLOs by error budget left',
          ['SLO', 'Objective', 'SLI', 'Error budget left', `Burn rate (${burnWindow})`, 'Alerts'],
          sorted.map((slo) => row(slo, alerts.filter((a) => a.sloId === slo.id).sort(byUrgency))),
          { class: 'slo-table', 'data-table': 'slos' },
        ),
  ];
  return { title: 'SLOs', nodes, signature: JSON.stringify([slos, alerts]) };
}

function row(slo: SloStatus, alerts: readonly Alert[]) {
  const left = slo.errorBudgetRemaining;
  const current = slo.windows[0]?.burnRate ?? null;
  const worst = alerts.find((a) => a.state === 'firing' || a.state === 'pending') ?? alerts[0];
  return [
    h('a', { href: href.slo(slo.id), 'data-key': `slo:${slo.id}`, 'data-slo': slo.id }, slo.id),
    `${objective(slo.objective)} over ${slo.period}`,
    h('span', {}, h('span', { class: 'muted' }, `${slo.sliKind} `), percent(slo.sli, 2)),
    h(
      'span',
      { class: 'budget' },
      h('meter', {
        min: 0,
        max: 1,
        low: 0.25,
        high: 0.5,
        optimum: 1,
        value: Math.max(0, Math.min(1, left)),
        'aria-hidden': 'true',
      }),
      h('span', { class: left <= 0 ? 'budget-text spent' : 'budget-text' }, percent(left)),
    ),
    burnRate(current),
    worst === undefined
      ? h('span', { class: 'muted' }, 'none')
      : h(
          'span',
          {},
          stateBadge(worst.state, worst.severity),
          alerts.length > 1 ? h('span', { class: 'muted' }, ` +${alerts.length - 1}`) : null,
        ),
  ];
}
