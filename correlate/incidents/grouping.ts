import type { HopDistance } from './hops.js';
import { type AlertSource, addTimeline, type Incident, type IncidentAlert, iso } from './incident.js';
import { type IndexedMember, MemberIndex } from './member-index.js';

/** How alerts are grouped into incidents. */
export interface GroupingOptions {
  /** Alerts starting within this of each other (or of a related alert's resolution) group, ms. */
  readonly windowMs: number;
  /** Services at most this many hops apart in the topology (either direction) group; 0 = same service only. */
  readonly maxHops: number;
  /** An incident resolves once all its alerts have been resolved for this long, ms. */
  readonly quietMs: number;
  /** Most alerts one incident keeps; related alerts beyond are counted in `omittedAlerts`. Default 500. */
  readonly maxAlerts?: number;
}

/** What an alert source says about one alert episode now. */
export interface AlertObservation {
  /** `<source>:<fingerprint>:<start ms>`: one episode of one alert. */
  readonly key: string;
  readonly fingerprint: string;
  readonly alertname: string;
  readonly service: string;
  readonly severity: string;
  readonly source: AlertSource;
  readonly state: 'firing' | 'resolved';
  readonly startMs: number;
  readonly resolvedAtMs?: number;
  readonly slo?: string;
  readonly summary?: string;
  /** Why no notifier sends this alert (silenced, or held by inhibition); absent when sent. */
  readonly notSent?: string;
  readonly burnRate?: number;
  readonly runbookUrl?: string;
}

export interface GroupingInput {
  /** The open incidents (they are not modified; changed ones come back as copies). */
  readonly open: readonly Incident[];
  /** Every alert the sources list now, firing or recently resolved. */
  readonly observations: readonly AlertObservation[];
  readonly hops: HopDistance;
  readonly nowMs: number;
  readonly options: GroupingOptions;
  /** A fresh incident id. */
  readonly newId: () => string;
  /** Keys of alerts left out of a full incident before: already counted, not fresh. */
  readonly leftOut?: ReadonlySet<string>;
  /**
   * Alert episodes of incidents a person resolved: they neither open an incident nor join
   * one (the person decided about them; a new episode of the same alert will).
   */
  readonly settled?: ReadonlySet<string>;
}

/** How one incident changed in a grouping pass. */
export interface IncidentChange {
  readonly incident: Incident;
  readonly opened: boolean;
  readonly joined: readonly IncidentAlert[];
  readonly resolvedAlerts: readonly IncidentAlert[];
  readonly resolved: boolean;
  /** Keys of alerts this pass counted in `omittedAlerts` instead of keeping them. */
  readonly leftOut: readonly string[];
}

/** Most alerts an incident keeps by default ({@link GroupingOptions.maxAlerts}). */
export const DEFAULT_MAX_ALERTS = 500;

interface Work extends IncidentChange {
  incident: Incident;
  joined: IncidentAlert[];
  resolvedAlerts: IncidentAlert[];
  leftOut: string[];
  opened: boolean;
  resolved: boolean;
  /** Whether `incident` is this pass's copy (the input is never modified). */
  copied: boolean;
  openedMs: number;
  /** Position in the pass: the earlier wins between incidents opened at the same time. */
  order: number;
}

/**
 * One grouping pass, pure (time comes in as `nowMs`):
 * 1. members of open incidents take their alert's current state; a member no source lists
 *    any more counts as resolved now;
 * 2. an open incident whose alerts have all been resolved for `quietMs` resolves;
 * 3. each firing alert episode not yet in an open incident (nor left out of one before,
 *    `input.leftOut`), earliest first, joins the oldest open incident holding a related
 *    alert, else opens a new incident. Alert A is related to member B when their services
 *    are within `maxHops` (the same service is 0) and A starts within `windowMs` of B's
 *    start, before or after, or within `windowMs` after B resolved (a flapping alert stays in
 *    its incident). An alert that has been firing for hours does not pull every later alert
 *    into its incident. An incident holding `maxAlerts` alerts counts further ones in
 *    `omittedAlerts` instead of keeping them.
 * Resolved incidents never change again: a later alert opens a new one.
 *
 * The related incidents are found through a {@link MemberIndex}, so an alert costs what its
 * neighbourhood holds; only the incidents that change are copied.
 */
export function groupAlerts(input: GroupingInput): IncidentChange[] {
  const { nowMs, options } = input;
  const maxAlerts = options.maxAlerts ?? DEFAULT_MAX_ALERTS;
  const byKey = new Map(input.observations.map((o) => [o.key, o]));
  const work: Work[] = input.open.map((incident, order) => ({
    incident,
    opened: false,
    joined: [],
    resolvedAlerts: [],
    leftOut: [],
    resolved: false,
    copied: false,
    openedMs: Date.parse(incident.openedAt),
    order,
  }));

  for (const w of work) {
    for (const [n, member] of w.incident.alerts.entries()) {
      if (member.state !== 'firing') continue;
      const seen = byKey.get(member.key);
      if (seen?.state === 'firing') continue;
      const mine = writable(w).alerts[n]!;
      mine.state = 'resolved';
      mine.resolvedAt = iso(seen?.resolvedAtMs ?? nowMs);
      w.resolvedAlerts.push(mine);
      addTimeline(w.incident, {
        at: mine.resolvedAt,
        kind: 'alert',
        text: `${describeAlert(mine)} resolved`,
      });
    }
    const lastResolved = quietSince(w.incident);
    if (lastResolved !== undefined && nowMs - lastResolved >= options.quietMs) {
      const incident = writable(w);
      incident.status = 'resolved';
      incident.resolvedAt = iso(nowMs);
      w.resolved = true;
      const n = incident.alerts.length;
      addTimeline(incident, {
        at: incident.resolvedAt,
        kind: 'resolved',
        text: `Resolved: ${n === 1 ? 'its alert' : `all ${n} alerts`} resolved, the last at ${iso(lastResolved)}, and quiet since`,
      });
    }
  }

  const index = new MemberIndex<Work>(options.windowMs, options.maxHops);
  const members = new Set<string>(input.leftOut);
  for (const w of work) {
    for (const m of w.incident.alerts) members.add(m.key);
    if (!w.resolved) for (const m of w.incident.alerts) index.add(w, indexed(m));
  }
  const fresh = input.observations
    .filter((o) => o.state === 'firing' && !members.has(o.key) && input.settled?.has(o.key) !== true)
    .sort((a, b) => a.startMs - b.startMs || (a.key < b.key ? -1 : 1));
  for (const obs of fresh) {
    const home = oldest(index.homesOf(obs.service, obs.startMs, input.hops));
    if (home === undefined) {
      const opened = openIncident(obs, input.newId(), nowMs, work.length);
      work.push(opened);
      index.add(opened, indexed(opened.incident.alerts[0]!));
      continue;
    }
    const incident = writable(home);
    if (incident.alerts.length >= maxAlerts) {
      leaveOut(home, obs, maxAlerts);
      continue;
    }
    const alert = toAlert(obs);
    incident.alerts.push(alert);
    if (!incident.services.includes(alert.service)) incident.services.push(alert.service);
    home.joined.push(alert);
    index.add(home, indexed(alert));
    const why = alert.notSent === undefined ? '' : ` (not sent: ${alert.notSent})`;
    addTimeline(incident, { at: alert.since, kind: 'alert', text: `${describeAlert(alert)} joined${why}` });
  }

  return work
    .filter((w) => w.copied)
    .map((w) => {
      w.incident.updatedAt = iso(nowMs);
      w.incident.timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      const { incident, opened, joined, resolvedAlerts, resolved, leftOut } = w;
      return { incident, opened, joined, resolvedAlerts, resolved, leftOut };
    });
}

/** The incident of `w`, copied first if this pass has not changed it yet. */
function writable(w: Work): Incident {
  if (!w.copied) {
    w.incident = structuredClone(w.incident);
    w.copied = true;
  }
  return w.incident;
}

function oldest(homes: Iterable<Work>): Work | undefined {
  let best: Work | undefined;
  for (const w of homes)
    if (
      best === undefined ||
      w.openedMs < best.openedMs ||
      (w.openedMs === best.openedMs && w.order < best.order)
    )
      best = w;
  return best;
}

function indexed(m: IncidentAlert): IndexedMember {
  const sinceMs = Date.parse(m.since);
  return m.resolvedAt === undefined
    ? { service: m.service, sinceMs }
    : { service: m.service, sinceMs, resolvedMs: Date.parse(m.resolvedAt) };
}

function openIncident(obs: AlertObservation, id: string, nowMs: number, order: number): Work {
  const alert = toAlert(obs);
  const incident: Incident = {
    id,
    status: 'open',
    openedAt: alert.since,
    services: [alert.service],
    alerts: [alert],
    timeline: [{ at: alert.since, kind: 'opened', text: `Opened by ${describeAlert(alert)}` }],
    rootCause: { at: alert.since, candidates: [] },
    updatedAt: iso(nowMs),
  };
  return {
    incident,
    opened: true,
    joined: [alert],
    resolvedAlerts: [],
    leftOut: [],
    resolved: false,
    copied: true,
    openedMs: obs.startMs,
    order,
  };
}

/** Counts an alert a full incident does not keep; the first one left out is noted in the timeline. */
function leaveOut(home: Work, obs: AlertObservation, maxAlerts: number): void {
  const incident = home.incident;
  const before = incident.omittedAlerts ?? 0;
  incident.omittedAlerts = before + 1;
  home.leftOut.push(obs.key);
  if (!incident.services.includes(obs.service)) incident.services.push(obs.service);
  if (before === 0) {
    addTimeline(incident, {
      at: iso(obs.startMs),
      kind: 'alert',
      text: `Alert limit reached (${maxAlerts}): further related alerts are counted, not kept`,
    });
  }
}

/** When the last of an incident's alerts resolved, or undefined while one still fires. */
export function quietSince(incident: Incident): number | undefined {
  let last = Number.NEGATIVE_INFINITY;
  for (const a of incident.alerts) {
    if (a.state === 'firing' || a.resolvedAt === undefined) return undefined;
    last = Math.max(last, Date.parse(a.resolvedAt));
  }
  return incident.alerts.length === 0 ? undefined : last;
}

function toAlert(o: AlertObservation): IncidentAlert {
  return {
    key: o.key,
    fingerprint: o.fingerprint,
    alertname: o.alertname,
    service: o.service,
    severity: o.severity,
    state: 'firing',
    source: o.source,
    since: iso(o.startMs),
    ...(o.slo === undefined ? {} : { slo: o.slo }),
    ...(o.summary === undefined ? {} : { summary: o.summary }),
    ...(o.notSent === undefined ? {} : { notSent: o.notSent }),
    ...(o.burnRate === undefined ? {} : { burnRate: o.burnRate }),
    ...(o.runbookUrl === undefined ? {} : { runbookUrl: o.runbookUrl }),
  };
}

/** `SLOBurnRatePage (page) on checkout`. */
export function describeAlert(a: Pick<IncidentAlert, 'alertname' | 'severity' | 'service'>): string {
  return `${a.alertname}${a.severity === '' ? '' : ` (${a.severity})`} on ${a.service}`;
}
