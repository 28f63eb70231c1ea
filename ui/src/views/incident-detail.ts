import { api } from '../api/client.js';
import type { Alert, Candidate, Incident, Point } from '../api/types.js';
import { sparkline } from '../charts/sparkline.js';
import { h } from '../core/dom.js';
import { dateTime, duration } from '../core/format.js';
import { href } from '../core/router.js';
import {
  emptyState,
  keptBack,
  keyValues,
  pageHeading,
  type Rendered,
  section,
  stateBadge,
  table,
} from './common.js';
import { explainedBy } from './explained-by.js';
import { type AfterAction, incidentActions, splitButton } from './incident-actions.js';
import { incidentBadge, incidentStateOf, timeOf } from './incident-list.js';
import { signalFormat, signalTitle, signalUnit } from './signal-charts.js';

/** Candidates whose evidence has no series get theirs from the series API (only these many). */
const FETCHED_CANDIDATES = 3;
const BEFORE_MS = 30 * 60_000;

/** One incident: what people can do to it, its root-cause candidates with their evidence, timeline and alerts. */
export async function incidentDetailView(id: string, after: AfterAction): Promise<Rendered> {
  const [incident, live, open, acked] = await Promise.all([
    api.incident(id),
    api.alerts(),
    api.incidents('open'),
    api.incidents('acknowledged'),
  ]);
  const unresolved = [...(open ?? []), ...(acked ?? [])];
  // The incident keeps its alerts' episodes; whether one is held or silenced now is the alert's.
  const byFingerprint = new Map(live.map((a) => [a.fingerprint, a]));
  const candidates = [...(incident.rootCause?.candidates ?? [])].sort((a, b) => a.rank - b.rank);
  const series = await evidenceSeries(incident, candidates);
  const opened = timeOf(incident.openedAt);
  const resolved = timeOf(incident.resolvedAt);
  const nodes = [
    h('p', { class: 'breadcrumb' }, h('a', { href: href.incidents() }, 'Incidents'), ' / ', incident.id),
    pageHeading(`Incident ${incident.id}`, incidentBadge(incidentStateOf(incident))),
    keyValues([
      ['State', incidentStateOf(incident)],
      [
        'Acknowledged',
        incident.acknowledged ? `by ${incident.acknowledged.by}, ${dateTime(incident.acknowledged.at)}` : '—',
      ],
      ['Owner', incident.owner?.name ?? '—'],
      ...(incident.resolvedBy ? ([['Resolved by', incident.resolvedBy]] as Array<[string, string]>) : []),
      ...(incident.mergedInto
        ? ([
            ['Merged into', h('a', { href: href.incident(incident.mergedInto) }, incident.mergedInto)],
          ] as Array<[string, HTMLElement]>)
        : []),
      ['Opened', dateTime(opened)],
      ['Resolved', Number.isNaN(resolved) ? '—' : dateTime(resolved)],
      ['Duration', duration((Number.isNaN(resolved) ? Date.now() : resolved) - opened)],
      ['Services', incident.services.join(', ') || '—'],
    ]),
    section('Act on this incident', 'incident-actions-heading', incidentActions(incident, unresolved, after)),
    section(
      'Root-cause candidates',
      'candidates-heading',
      rankingNote(incident),
      candidates.length === 0
        ? emptyState('No root-cause candidates ranked yet.')
        : h(
            'ol',
            { class: 'candidates' },
            candidates.map((c) => candidateView(c, series, candidates, anomalyAt(incident))),
          ),
    ),
    section('Timeline', 'timeline-heading', timeline(incident)),
    section('Alerts', 'incident-alerts-heading', alerts(incident, byFingerprint, after)),
  ];
  return {
    title: `Incident ${incident.id}`,
    nodes,
    signature: JSON.stringify([
      incident,
      unresolved.map((i) => i.id),
      [...series],
      incident.alerts.map((a) =>
        keptBackKey(a.fingerprint === undefined ? undefined : byFingerprint.get(a.fingerprint)),
      ),
    ]),
  };
}

/** The anomaly time the ranking is for, when the incident has one. */
function anomalyAt(incident: Incident): number | undefined {
  const t = timeOf(incident.rootCause?.at);
  return Number.isNaN(t) ? undefined : t;
}

function candidateView(
  c: Candidate,
  series: ReadonlyMap<string, Point[]>,
  all: readonly Candidate[],
  anomalyMs: number | undefined,
): HTMLElement {
  const explainer = explainedBy(c, all);
  const headingId = `candidate-${c.rank}`;
  return h(
    'li',
    { class: 'candidate', 'aria-labelledby': headingId, 'data-candidate': c.node },
    h(
      'h3',
      { id: headingId },
      `#${c.rank} `,
      h(
        'a',
        { href: href.topology(c.node), 'data-key': `candidate:${c.node}`, 'data-candidate-link': c.node },
        c.node,
      ),
      h('span', { class: 'muted' }, ` score ${c.score.toFixed(3)}`),
    ),
    c.evidence.path.length > 1 ? h('p', { class: 'path' }, 'Path: ', c.evidence.path.join(' → ')) : null,
    explainer === undefined
      ? null
      : h(
          'p',
          { class: 'path', 'data-explained-by': explainer },
          `Partly explained by its callee ${explainer}.`,
        ),
    c.evidence.signals.length === 0
      ? h('p', { class: 'muted' }, 'No signal evidence.')
      : table(
          `Evidence for ${c.node}`,
          ['Signal', 'Anomaly score', 'Correlation', 'Series'],
          c.evidence.signals.map((s) => {
            const points = s.series ?? series.get(`${c.node}\n${s.signal}`) ?? [];
            return [
              signalTitle(s.signal),
              s.anomalyScore.toFixed(2),
              s.correlation === null ? '—' : s.correlation.toFixed(2),
              sparkline(
                `evidence:${c.node}:${s.signal}`,
                `${signalTitle(s.signal)} of ${c.node}`,
                points,
                signalFormat(s.signal),
                {
                  unit: signalUnit(s.signal),
                  ...(anomalyMs === undefined ? {} : { markAt: anomalyMs, markLabel: 'anomaly' }),
                },
              ),
            ];
          }),
        ),
  );
}

/** Series for evidence given without one, around the incident: `<node>\n<signal>` to points. */
async function evidenceSeries(
  incident: Incident,
  candidates: readonly Candidate[],
): Promise<Map<string, Point[]>> {
  const opened = timeOf(incident.openedAt);
  const resolved = timeOf(incident.resolvedAt);
  const range = {
    fromMs: opened - BEFORE_MS,
    toMs: Number.isNaN(resolved) ? Date.now() : Math.min(Date.now(), resolved + BEFORE_MS / 3),
  };
  const out = new Map<string, Point[]>();
  if (Number.isNaN(opened)) return out;
  const wanted = candidates.slice(0, FETCHED_CANDIDATES).flatMap((c) => {
    const missing = c.evidence.signals.filter((s) => s.series === undefined).map((s) => s.signal);
    return missing.length === 0 ? [] : [{ node: c.node, signals: missing }];
  });
  const answers = await Promise.all(
    wanted.map((w) => api.series({ service: w.node }, range, w.signals).catch(() => undefined)),
  );
  wanted.forEach((w, i) => {
    for (const [signal, points] of Object.entries(answers[i]?.series ?? {}))
      out.set(`${w.node}\n${signal}`, points);
  });
  return out;
}

function timeline(incident: Incident): HTMLElement {
  const entries = [...incident.timeline].sort((a, b) => timeOf(a.at) - timeOf(b.at));
  if (entries.length === 0) return emptyState('No events yet.');
  return h(
    'ol',
    { class: 'timeline' },
    entries.map((e) =>
      h(
        'li',
        {},
        h('time', { datetime: new Date(timeOf(e.at)).toISOString() }, dateTime(timeOf(e.at))),
        h('span', { class: 'badge kind' }, e.kind),
        h('span', {}, e.text),
        e.by === undefined ? null : h('span', { class: 'muted', 'data-by': e.by }, ` — ${e.by}`),
      ),
    ),
  );
}

function rankingNote(incident: Incident): HTMLElement | null {
  const rc = incident.rootCause;
  if (rc === undefined || (rc.service === undefined && rc.computedAt === undefined)) return null;
  const from =
    rc.service === undefined
      ? ''
      : `Ranked from ${rc.service}${rc.signal ? ` (${signalTitle(rc.signal)})` : ''}`;
  const when = rc.computedAt === undefined ? '' : `, computed ${dateTime(rc.computedAt)}`;
  return h(
    'p',
    { class: 'muted' },
    `${from || 'Ranked'}${when}. Highest score first; evidence is each signal around the anomaly.`,
  );
}

function alerts(incident: Incident, live: ReadonlyMap<string, Alert>, after: AfterAction): HTMLElement {
  if (incident.alerts.length === 0) return emptyState('No alerts attached.');
  const rows = incident.alerts.map((a) => [
    a.alertname ?? a.fingerprint ?? '(alert)',
    a.slo === undefined
      ? (a.service ?? '—')
      : h('a', { href: href.slo(a.slo), 'data-key': `alert-slo:${a.key ?? a.slo}` }, a.slo),
    a.state === undefined ? '—' : stateBadge(a.state, a.severity || undefined),
    keptBackOf(a.fingerprint === undefined ? undefined : live.get(a.fingerprint)),
    a.source ?? '—',
    dateTime(a.since),
    dateTime(a.resolvedAt),
    a.summary ?? '',
    a.key === undefined ? '' : (splitButton(incident, a.key, after) ?? ''),
  ]);
  const omitted = incident.omittedAlerts ?? 0;
  return table(
    omitted === 0
      ? 'Alerts in this incident'
      : `Alerts in this incident (${omitted} more related alerts counted, not kept: incidents.maxAlerts)`,
    ['Alert', 'SLO or service', 'State', 'Not sent because', 'Source', 'Fired', 'Resolved', 'Summary', ''],
    rows,
    { 'data-table': 'incident-alerts' },
  );
}

const keptBackOf = (a: Alert | undefined) => (a === undefined ? '—' : keptBack(a));
const keptBackKey = (a: Alert | undefined) => [a?.heldBy?.reason, a?.silencedBy];
