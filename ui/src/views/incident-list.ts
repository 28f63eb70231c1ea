import { api } from '../api/client.js';
import type { Incident } from '../api/types.js';
import { h } from '../core/dom.js';
import { dateTime, plural } from '../core/format.js';
import { href } from '../core/router.js';
import { emptyState, pageHeading, type Rendered, table } from './common.js';

/** The states the list filters by; '' is every incident. */
const STATES = ['', 'open', 'acknowledged', 'resolved'] as const;
const STATE_KEY = 'faultline.incidentState';

/** Every incident (or those in the chosen state), open ones first, newest first within each. */
export async function incidentListView(reload: () => void): Promise<Rendered> {
  const chosen = sessionStorage.getItem(STATE_KEY) ?? '';
  const state = (STATES as readonly string[]).includes(chosen) ? chosen : '';
  const incidents = await api.incidents(state || undefined);
  const heading = pageHeading('Incidents');
  const filter = h(
    'select',
    {
      id: 'incident-state',
      'data-filter': 'incident-state',
      onchange: (e: Event) => {
        sessionStorage.setItem(STATE_KEY, (e.target as HTMLSelectElement).value);
        reload();
      },
    },
    STATES.map((s) => h('option', { value: s, selected: s === state }, s === '' ? 'all' : s)),
  );
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
      h('p', { class: 'field' }, h('label', { for: 'incident-state' }, 'State '), filter),
      h(
        'p',
        { class: 'lede', 'data-summary': 'incidents' },
        `${plural(sorted.length, 'incident')} · ${open} open.`,
      ),
      sorted.length === 0
        ? emptyState('No incidents. Related alerts are grouped into an incident when they fire.')
        : table(
            'Incidents, open first',
            [
              'Incident',
              'State',
              'Owner',
              'Opened',
              'Resolved',
              'Services',
              'Alerts',
              'Top root-cause candidate',
            ],
            sorted.map(row),
            { 'data-table': 'incidents' },
          ),
    ],
    signature: JSON.stringify([state, incidents]),
  };
}

function row(i: Incident) {
  const top = topCandidate(i);
  return [
    h('a', { href: href.incident(i.id), 'data-key': `incident:${i.id}`, 'data-incident': i.id }, i.id),
    incidentBadge(incidentStateOf(i)),
    i.owner?.name ?? '—',
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

/** `open` (nobody acknowledged it), `acknowledged` or `resolved`, as the API's `state` filter means them. */
export function incidentStateOf(i: Pick<Incident, 'status' | 'acknowledged'>): string {
  if (i.status === 'resolved') return 'resolved';
  return i.acknowledged ? 'acknowledged' : 'open';
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
