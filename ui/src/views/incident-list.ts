import { api } from '../api/client.js';
import type { Incident } from '../api/types.js';
import { h } from '../core/dom.js';
import { dateTime, plural } from '../core/format.js';
import { href } from '../core/router.js';
import { emptyState, pageHeading, type Rendered, table } from './common.js';

/** Every incident, open ones first, newest first within each. */
export async function incidentListView(): Promise<Rendered> {
  const incidents = await api.incidents();
  const heading = pageHeading('Incidents');
  if (incidents === undefined) {
    return {
      title: 'Incidents',
      nodes: [
        heading,
        emptyState(
          'Incident grouping is not available on this engine (GET /api/v1/incidents answered 404). Firing alerts are on the SLO pages.',
        ),
      ],
      signature: 'unavailable',
    };
  }
  const sorted = [...incidents].sort(
    (a, b) =>
      Number(a.status !== 'open') - Number(b.status !== 'open') ||
      timeOf(b.openedAt) - timeOf(a.openedAt) ||
      a.id.localeCompare(b.id),
  );
  const open = sorted.filter((i) => i.status === 'open').length;
  return {
    title: 'Incidents',
    nodes: [
      heading,
      h(
        'p',
        { class: 'lede', 'data-summary': 'incidents' },
        `${plural(sorted.length, 'incident')} · ${open} open.`,
      ),
      sorted.length === 0
        ? emptyState('No incidents. Related alerts are grouped into an incident when they fire.')
        : table(
            'Incidents, open first',
            ['Incident', 'Status', 'Opened', 'Resolved', 'Services', 'Alerts', 'Top root-cause candidate'],
            sorted.map(row),
            { 'data-table': 'incidents' },
          ),
    ],
    signature: JSON.stringify(incidents),
  };
}

function row(i: Incident) {
  const top = topCandidate(i);
  return [
    h('a', { href: href.incident(i.id), 'data-key': `incident:${i.id}`, 'data-incident': i.id }, i.id),
    incidentBadge(i.status),
    dateTime(timeOf(i.openedAt)),
    i.resolvedAt == null ? '—' : dateTime(timeOf(i.resolvedAt)),
    i.services.join(', '),
    // alerts past incidents.maxAlerts are counted, not listed
    String(i.alerts.length + (i.omittedAlerts ?? 0)),
    top === undefined
      ? '—'
      : h(
          'span',
          {},
          h('a', { href: href.topology(top.node) }, top.node),
          h('span', { class: 'muted' }, ` score ${top.score.toFixed(2)}`),
        ),
  ];
}

export function incidentBadge(status: string): HTMLElement {
  return h('span', { class: `badge incident-${status}` }, status);
}

export function topCandidate(i: Incident) {
  return [...(i.rootCause?.candidates ?? [])].sort((a, b) => a.rank - b.rank)[0];
}

export function timeOf(t: string | number | null | undefined): number {
  if (t === null || t === undefined) return Number.NaN;
  return typeof t === 'number' ? (t < 1e11 ? t * 1000 : t) : Date.parse(t);
}
