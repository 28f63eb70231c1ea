import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { Pacer } from '../../core/event-loop-turns.js';
import {
  type GroupingOptions,
  groupAlerts,
  type IncidentChange,
} from '../../correlate/incidents/grouping.js';
import { hopDistance } from '../../correlate/incidents/hops.js';
import {
  addTimeline,
  type Incident,
  type IncidentRootCause,
  iso,
} from '../../correlate/incidents/incident.js';
import { announced, type IncidentEvent, incidentEvent } from '../../correlate/incidents/incident-events.js';
import { formatCandidates, type GraphSource } from '../../correlate/live/live-root-cause.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { ServiceGraph } from '../../topology/service-graph.js';
import type { Alert } from '../alert.js';
import type { Lease } from '../lease.js';
import type { ExternalAlert } from '../receiver/external-alert-store.js';
import type { IncidentStore } from './incident-store.js';
import { externalObservations, faultlineObservations } from './observations.js';

/** Ranks one incident (`IncidentRanker` in the engine). */
export interface Ranker {
  /** How long after its anomaly time a ranking still changes, ms. */
  readonly settleMs: number;
  rank(incident: Incident, graph: ServiceGraph | undefined, nowMs: number): Promise<IncidentRootCause>;
}

export interface IncidentManagerOptions {
  store: IncidentStore;
  /** The alerting evaluation lease: only its holder updates incidents, fenced on its token. */
  lease: Lease;
  /** faultline's alerts (pending, firing, recently resolved). */
  alerts: () => Promise<readonly Alert[]>;
  /** Alerts received from Alertmanager. */
  externalAlerts?: { list(): Promise<ExternalAlert[]> };
  topology?: GraphSource;
  ranker: Ranker;
  /** Names of the incident notifiers; each event is queued once per name. */
  notifiers: readonly string[];
  grouping: GroupingOptions;
  /** How often an open incident's ranking is recomputed until its anomaly window has passed, ms. */
  refreshMs: number;
  clock: Clock;
  /** Called after a commit that queued notifications (the dispatcher's wake-up). */
  onEvents?: () => void;
  metrics?: EngineMetrics;
  logger?: Logger;
  newId?: (nowMs: number) => string;
}

/** What one update did. */
export interface IncidentTick {
  committed: boolean;
  /** Incidents created or changed, as committed. */
  changed: Incident[];
  events: IncidentEvent[];
}

/**
 * Keeps incidents up to date, on the evaluation lease holder: reads faultline's and
 * Alertmanager's alerts and the current topology, groups them (`groupAlerts`), ranks the
 * root causes of incidents that got alerts or whose ranking is due, and commits incidents and
 * their notifications (opened, top candidate changed, resolved) in one fenced write.
 */
export class IncidentManager {
  /**
   * Keys of alerts counted in a full incident's `omittedAlerts`, so they are counted once;
   * kept while a source still lists them. A new lease holder starts empty, so an alert left
   * out before may be counted once more after a failover.
   */
  private readonly leftOut = new Set<string>();

  constructor(private readonly o: IncidentManagerOptions) {}

  /**
   * One update now, if this instance holds the lease; undefined when it does not. Long work
   * gives the event loop a turn every few milliseconds, and once `signal` aborts (shutdown)
   * the update stops at the next turn without writing anything (`committed: false`).
   */
  async tick(signal?: AbortSignal): Promise<IncidentTick | undefined> {
    const o = this.o;
    if (!o.lease.held()) return undefined;
    const token = o.lease.token;
    const nowMs = o.clock.now();
    const pacer = new Pacer();
    const stopped = async () => {
      await pacer.pace();
      return signal?.aborted === true;
    };
    const abandoned: IncidentTick = { committed: false, changed: [], events: [] };
    const [open, own, external] = await Promise.all([
      o.store.open(),
      o.alerts(),
      o.externalAlerts?.list() ?? Promise.resolve([]),
    ]);
    if (await stopped()) return abandoned;
    const observations = [...faultlineObservations(own), ...externalObservations(external)];
    if (open.length === 0 && !observations.some((a) => a.state === 'firing')) {
      this.leftOut.clear();
      o.metrics?.incidentsOpen.set(0);
      return { committed: true, changed: [], events: [] };
    }
    const graph = await o.topology?.graphAt(nowMs);
    if (await stopped()) return abandoned;
    const settled = await this.settledByHand(open, observations);
    const changes = groupAlerts({
      settled,
      open,
      observations,
      hops: hopDistance(graph, o.grouping.maxHops),
      nowMs,
      options: o.grouping,
      newId: () => (o.newId ?? newIncidentId)(nowMs),
      leftOut: this.leftOut,
    });
    const work = new Map<string, IncidentChange | undefined>(changes.map((c) => [c.incident.id, c]));
    for (const incident of open)
      if (!work.has(incident.id) && this.rankingDue(incident, nowMs)) work.set(incident.id, undefined);

    const upserts: Incident[] = [];
    const events: IncidentEvent[] = [];
    const byId = new Map(open.map((i) => [i.id, i]));
    for (const [id, change] of work) {
      if (await stopped()) return abandoned;
      const incident = change?.incident ?? structuredClone(byId.get(id)!);
      const before = incident.rootCause.top;
      if (
        incident.status === 'open' &&
        ((change?.joined.length ?? 0) > 0 || this.rankingDue(incident, nowMs))
      ) {
        await this.rerank(incident, graph, nowMs, change?.opened === true);
      }
      const after = incident.rootCause.top;
      upserts.push(incident);
      if (change?.opened) events.push(incidentEvent('opened', incident, iso(nowMs)));
      else if (after !== undefined && after !== before)
        events.push(incidentEvent('top', incident, iso(nowMs), before));
      if (change?.resolved) events.push(incidentEvent('resolved', incident, iso(nowMs)));
      this.count(change, after !== undefined && after !== before);
    }
    if (upserts.length === 0) return { committed: true, changed: [], events: [] };
    if (await stopped()) return abandoned;
    // An incident whose every alert is silenced or held is recorded, not announced.
    const enqueue = events
      .filter((e) => announced(e.incident))
      .flatMap((event) => o.notifiers.map((notifier) => ({ notifier, event, dueAtMs: nowMs })));
    const committed = await o.store.commit({ upserts, enqueue, nowMs }, token);
    if (!committed) {
      o.logger?.warn(
        'incident update dropped: the evaluation lease was lost or a person changed an incident meanwhile; the next update recomputes it',
      );
      return { committed, changed: [], events: [] };
    }
    this.rememberLeftOut(changes, observations);
    const stillOpen =
      open.length + changes.filter((c) => c.opened).length - changes.filter((c) => c.resolved).length;
    o.metrics?.incidentsOpen.set(stillOpen);
    for (const e of events) {
      // the top candidate in the line too: what the on-call reads first, and what was announced
      o.logger?.info(
        { event: e.id, kind: e.kind, services: e.incident.services, top: e.incident.rootCause.top },
        'incident event',
      );
    }
    if (enqueue.length > 0) o.onEvents?.();
    return { committed, changed: upserts, events };
  }

  private rememberLeftOut(changes: readonly IncidentChange[], listed: readonly { key: string }[]): void {
    for (const c of changes) for (const key of c.leftOut) this.leftOut.add(key);
    if (this.leftOut.size === 0) return;
    const keys = new Set(listed.map((a) => a.key));
    for (const key of this.leftOut) if (!keys.has(key)) this.leftOut.delete(key);
  }

  /**
   * The firing episodes of incidents a person resolved (or merged away), so they do not open
   * a new incident at once. Read only when a firing episode belongs to no open incident.
   */
  private async settledByHand(
    open: readonly Incident[],
    observations: ReadonlyArray<{ key: string; state: string }>,
  ): Promise<Set<string>> {
    const members = new Set(open.flatMap((i) => i.alerts.map((a) => a.key)));
    if (!observations.some((a) => a.state === 'firing' && !members.has(a.key))) return new Set();
    const resolved = await this.o.store.list({ status: 'resolved', limit: SETTLED_LOOKBACK });
    return new Set(
      resolved.filter((i) => i.resolvedBy !== undefined).flatMap((i) => i.alerts.map((a) => a.key)),
    );
  }

  /** Due while open and no ranking was computed after the anomaly window had passed. */
  private rankingDue(incident: Incident, nowMs: number): boolean {
    if (incident.status !== 'open') return false;
    const computed = incident.rootCause.computedAt;
    if (computed === undefined) return true;
    const computedMs = Date.parse(computed);
    const settled = Date.parse(incident.rootCause.at) + this.o.ranker.settleMs;
    return computedMs < settled && nowMs - computedMs >= this.o.refreshMs;
  }

  private async rerank(
    incident: Incident,
    graph: ServiceGraph | undefined,
    nowMs: number,
    opening: boolean,
  ): Promise<void> {
    const before = incident.rootCause.top;
    try {
      incident.rootCause = await this.o.ranker.rank(incident, graph, nowMs);
    } catch (err) {
      this.o.metrics?.loopErrors.inc({ component: 'incidents' });
      this.o.logger?.warn(
        { err, incident: incident.id },
        'incident root cause not ranked; keeping the last ranking',
      );
      return;
    }
    const { candidates } = incident.rootCause;
    const top = opening ? candidates[0]?.node : announcedTop(before, candidates);
    if (top !== undefined) incident.rootCause.top = top;
    if (top !== undefined && top !== before) {
      const first = candidates.find((c) => c.node === top)!;
      const rest = formatCandidates(
        candidates.filter((c) => c.node !== top),
        2,
      );
      addTimeline(incident, {
        at: iso(nowMs),
        kind: 'rootcause',
        text: `Top candidate: ${formatCandidates([first], 1)}${rest === '' ? '' : `; then ${rest}`}`,
      });
    }
  }

  private count(change: IncidentChange | undefined, topChanged: boolean): void {
    const m = this.o.metrics?.incidentEvents;
    if (m === undefined) return;
    if (change?.opened) m.inc({ event: 'opened' });
    else if ((change?.joined.length ?? 0) > 0) m.inc({ event: 'alert_joined' }, change?.joined.length);
    if ((change?.resolvedAlerts.length ?? 0) > 0)
      m.inc({ event: 'alert_resolved' }, change?.resolvedAlerts.length);
    if (topChanged && !change?.opened) m.inc({ event: 'top_changed' });
    if (change?.resolved) m.inc({ event: 'resolved' });
  }
}

/** How many of the latest resolved incidents are searched for episodes a person settled. */
const SETTLED_LOOKBACK = 500;

/** A new leader must score this many times the announced top candidate to replace it. */
export const TOP_MARGIN = 1.25;
/** ... and at least this much (a robust z-score: anomalous), so noise is never announced. */
export const MIN_TOP_SCORE = 3;

/**
 * The candidate to announce as top after a new ranking: the new leader when there was none
 * announced yet or it clearly overtakes the announced one (at least `MIN_TOP_SCORE`, and
 * `TOP_MARGIN` times the announced one's new score, 0 when it dropped out), else the
 * announced one.
 */
export function announcedTop(
  announced: string | undefined,
  candidates: ReadonlyArray<{ readonly node: string; readonly score: number }>,
): string | undefined {
  const leader = candidates[0];
  if (leader === undefined || leader.node === announced || leader.score < MIN_TOP_SCORE) return announced;
  const held = announced === undefined ? 0 : (candidates.find((c) => c.node === announced)?.score ?? 0);
  return leader.score >= TOP_MARGIN * held ? leader.node : announced;
}

/** `20250110-120300-9f3a1c2b`: sortable by when it opened, readable in a Slack message. */
export function newIncidentId(nowMs: number): string {
  const stamp = iso(nowMs).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}
