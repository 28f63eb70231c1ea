import {
  type Incident,
  type IncidentAlert,
  type IncidentRootCause,
  iso,
} from '../../correlate/incidents/incident.js';
import { downstreamIn } from '../../correlate/live/call-graph.js';
import { evidenceSeries, type LiveRootCause } from '../../correlate/live/live-root-cause.js';
import { DEFAULT_SLI_SIGNAL, sliSignalOf } from '../../correlate/live/slo-signal.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import type { ServiceGraph } from '../../topology/service-graph.js';

/** What an incident is ranked from: one of its alerts' service and SLI, at its earliest start. */
export interface Anchor {
  readonly service: string;
  readonly signal: string;
  readonly atMs: number;
}

/**
 * The anchor of an incident's ranking: the alert service from which the most of the
 * incident's other services are reachable downstream in `graph` (the most upstream symptom,
 * whose candidates cover the others); ties go to pages before tickets, then the earliest
 * alert, then the name. Its SLI signal comes from the alert's SLO (`sliSignalOf`), or is
 * `error_rate` for external alerts. The anomaly time is the earliest start of any alert.
 */
export function anchorOf(incident: Incident, graph: ServiceGraph | undefined, slos: readonly Slo[]): Anchor {
  const services = new Set(incident.alerts.map((a) => a.service));
  // once per service, not per alert: hundreds of alerts often share a few services
  const reachOf = new Map<string, number>();
  const reach = (service: string): number => {
    let n = reachOf.get(service);
    if (n !== undefined) return n;
    n = 0;
    if (graph?.hasNode(service)) {
      const below = downstreamIn(graph, service);
      for (const s of services) if (s !== service && below.has(s)) n++;
    }
    reachOf.set(service, n);
    return n;
  };
  const scored = incident.alerts.map((a) => ({ a, reach: reach(a.service), since: Date.parse(a.since) }));
  scored.sort(
    (x, y) =>
      y.reach - x.reach ||
      severityRank(x.a) - severityRank(y.a) ||
      x.since - y.since ||
      (x.a.service < y.a.service ? -1 : x.a.service > y.a.service ? 1 : 0),
  );
  const best = scored[0]?.a;
  const atMs = scored.reduce((min, x) => Math.min(min, x.since), Number.POSITIVE_INFINITY);
  if (best === undefined)
    return { service: '', signal: DEFAULT_SLI_SIGNAL, atMs: Date.parse(incident.openedAt) };
  const slo = best.slo === undefined ? undefined : slos.find((s) => s.id === best.slo);
  return { service: best.service, signal: slo === undefined ? DEFAULT_SLI_SIGNAL : sliSignalOf(slo), atMs };
}

const severityRank = (a: IncidentAlert): number =>
  a.severity === 'page' ? 0 : a.severity === 'ticket' ? 1 : 2;

export interface IncidentRankerOptions {
  live: LiveRootCause;
  slos: readonly Slo[];
  /** Baseline reach of every incident ranking, ms. */
  lookbackMs: number;
  /** Candidates kept with an incident, each with its evidence series. */
  keepCandidates: number;
}

/** Ranks an incident's root-cause candidates on live data (see `anchorOf`). */
export class IncidentRanker {
  constructor(private readonly o: IncidentRankerOptions) {}

  /** How long after its anomaly time a ranking still changes (the anomaly window), ms. */
  get settleMs(): number {
    return this.o.live.options.afterMs;
  }

  /** The ranking of `incident` as of `nowMs`; rejects when the stores cannot be read. */
  async rank(incident: Incident, graph: ServiceGraph | undefined, nowMs: number): Promise<IncidentRootCause> {
    const anchor = anchorOf(incident, graph, this.o.slos);
    const live = await this.o.live.rank({
      service: anchor.service,
      signal: anchor.signal,
      atMs: anchor.atMs,
      lookbackMs: this.o.lookbackMs,
      source: 'incident',
    });
    return {
      at: iso(anchor.atMs),
      computedAt: iso(nowMs),
      service: anchor.service,
      signal: anchor.signal,
      candidates: live.ranking.candidates.slice(0, this.o.keepCandidates).map((c) => ({
        rank: c.rank,
        node: c.node,
        score: c.score,
        explainedBy: c.explainedBy,
        evidence: {
          signals: c.signals.map((s) => ({
            signal: s.signal,
            anomalyScore: s.anomaly,
            correlation: s.correlation,
            series: evidenceSeries(live, c.node, s.signal),
          })),
          path: c.path === null ? [] : [...c.path],
        },
      })),
    };
  }
}
