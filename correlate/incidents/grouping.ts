import type { HopDistance } from './hops.js';
import { type AlertSource, addTimeline, type Incident, type IncidentAlert, iso } from './incident.js';

/** How alerts are grouped into incidents. */
export interface GroupingOptions {
  /** Alerts starting within this of each other (or of a related alert's resolution) group, ms. */
  readonly windowMs: number;
  /** Services at most this many hops apart in the topology (either direction) group; 0 = same service only. */
  readonly maxHops: number;
  /** An incident resolves once all its alerts have been resolved for this long, ms. */
  readonly quietMs: number;
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
}

/**
 * One grouping pass, pure (time comes in as `nowMs`):
 * 1. members of open incidents take their alert's current state; a member no source lists
 *    any more counts as resolved now;
 * 2. an open incident whose alerts have all been resolved for `quietMs` resolves;
 * 3. each firing alert episode not yet in an open incident, earliest first, joins the
 *    oldest open incident holding a related alert, else opens a new incident. Alert A is
 *    related to member B when their services are within `maxHops` (the same service is 0)
 *    and A starts within `windowMs` of B's start, before or after, or within `windowMs`
 *    after B resolved (a flapping alert stays in its incident). An alert that has been
 *    firing for hours does not pull every later alert into its incident.
 * Resolved incidents never change again: a later alert opens a new one.
 */
export function groupAlerts(input: GroupingInput): IncidentChange[] {
  const { nowMs, options } = input;
  const byKey = new Map(input.observations.map((o) => [o.key, o]));
  const work = input.open.map((incident) => ({
    incident: structuredClone(incident),
    opened: false,
    joined: [] as IncidentAlert[],
    resolvedAlerts: [] as IncidentAlert[],
    resolved: false,
  }));

  for (const w of work) {
    for (const member of w.incident.alerts) {
      if (member.state !== 'firing') continue;
      const seen = byKey.get(member.key);
      if (seen?.state === 'firing') continue;
      member.state = 'resolved';
      member.resolvedAt = iso(seen?.resolvedAtMs ?? nowMs);
      w.resolvedAlerts.push(member);
      addTimeline(w.incident, {
        at: member.resolvedAt,
        kind: 'alert',
        text: `${describeAlert(member)} resolved`,
      });
    }
    const lastResolved = quietSince(w.incident);
    if (lastResolved !== undefined && nowMs - lastResolved >= options.quietMs) {
      w.incident.status = 'resolved';
      w.incident.resolvedAt = iso(nowMs);
      w.resolved = true;
      const n = w.incident.alerts.length;
      addTimeline(w.incident, {
        at: w.incident.resolvedAt,
        kind: 'resolved',
        text: `Resolved: ${n === 1 ? 'its alert' : `all ${n} alerts`} resolved, the last at ${iso(lastResolved)}, and quiet since`,
      });
    }
  }

  const members = new Set(work.flatMap((w) => w.incident.alerts.map((a) => a.key)));
  const fresh = input.observations
    .filter((o) => o.state === 'firing' && !members.has(o.key) && input.settled?.has(o.key) !== true)
    .sort((a, b) => a.startMs - b.startMs || (a.key < b.key ? -1 : 1));
  for (const obs of fresh) {
    const alert = toAlert(obs);
    const home = work
      .filter((w) => !w.resolved && w.incident.alerts.some((m) => related(m, obs, input.hops, options)))
      .sort((a, b) => Date.parse(a.incident.openedAt) - Date.parse(b.incident.openedAt))[0];
    if (home !== undefined) {
      home.incident.alerts.push(alert);
      if (!home.incident.services.includes(alert.service)) home.incident.services.push(alert.service);
      home.joined.push(alert);
      const why = alert.notSent === undefined ? '' : ` (not sent: ${alert.notSent})`;
      addTimeline(home.incident, {
        at: alert.since,
        kind: 'alert',
        text: `${describeAlert(alert)} joined${why}`,
      });
      continue;
    }
    const incident: Incident = {
      id: input.newId(),
      status: 'open',
      openedAt: alert.since,
      services: [alert.service],
      alerts: [alert],
      timeline: [{ at: alert.since, kind: 'opened', text: `Opened by ${describeAlert(alert)}` }],
      rootCause: { at: alert.since, candidates: [] },
      updatedAt: iso(nowMs),
    };
    work.push({ incident, opened: true, joined: [alert], resolvedAlerts: [], resolved: false });
  }

  return work
    .filter((w) => w.opened || w.resolved || w.joined.length > 0 || w.resolvedAlerts.length > 0)
    .map((w) => {
      w.incident.updatedAt = iso(nowMs);
      w.incident.timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      return w;
    });
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

function related(
  member: IncidentAlert,
  obs: AlertObservation,
  hops: HopDistance,
  o: GroupingOptions,
): boolean {
  if (hops(member.service, obs.service) > o.maxHops) return false;
  if (Math.abs(obs.startMs - Date.parse(member.since)) <= o.windowMs) return true;
  if (member.resolvedAt === undefined) return false;
  const resolved = Date.parse(member.resolvedAt);
  return obs.startMs >= resolved && obs.startMs - resolved <= o.windowMs;
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
