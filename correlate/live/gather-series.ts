import { Pacer } from '../../core/event-loop-turns.js';
import type { SeriesStore } from '../../pipeline/series/series-store.js';
import type { SeriesResult } from '../../pipeline/series/signals.js';
import { OVERFLOW_SUBJECT, sameSubject } from '../../pipeline/series/subject.js';
import type { ServiceGraph } from '../../topology/service-graph.js';
import type { Edge, Point } from '../types.js';
import { downstreamIn, isOutsideCall } from './call-graph.js';
import { foldInbound, INBOUND_SOURCE_SIGNALS } from './inbound-series.js';

/** What to gather for one ranking. */
export interface GatherRequest {
  /** The failing SLO's node: its own series are gathered, its inbound edges are not folded. */
  readonly service: string;
  /** Buckets starting in `[fromMs, toMs)` (Unix epoch ms). */
  readonly fromMs: number;
  readonly toMs: number;
}

/** Series and call edges ready for `rankRootCauses`. */
export interface Gathered {
  /** Per node, per signal, points sorted by time; signals without points are left out. */
  readonly series: Map<string, Map<string, Point[]>>;
  /** Caller -> callee edges among the gathered nodes; empty when the graph does not know the service. */
  readonly edges: Edge[];
  /** True when the graph knew the service and the nodes are those reachable from it. */
  readonly usedGraph: boolean;
}

/**
 * Gathers, for `service` and a time range, the signal series of the service and of every
 * node reachable downstream of it in `graph` (caller -> callee), plus for each of those
 * nodes but the service itself the caller-observed series of the edges into it, folded into
 * `inbound_*` signals (see `foldInbound`); calls from outside (`isOutsideCall`) are no
 * edges here. Without a graph, or when the graph does not know
 * the service, every service subject the store has (but the overflow one) is gathered (the ranker then ranks
 * without topology). One node after the other (its edges concurrently), giving the event loop
 * a turn every 20 ms: an in-memory store answers synchronously, and a day of series for a
 * dozen nodes held the loop (and /healthz) for seconds per query.
 */
export async function gatherSeries(
  store: SeriesStore,
  graph: ServiceGraph | undefined,
  request: GatherRequest,
): Promise<Gathered> {
  const { service, fromMs, toMs } = request;
  const known = graph?.hasNode(service) ? graph : undefined;
  const nodes = known ? downstreamIn(known, service) : await serviceSubjects(store, service);
  const edges: Edge[] = [];
  const inbound = new Map<string, Edge[]>();
  if (known) {
    known.forEachEdge((_key, attrs, source, target) => {
      if (isOutsideCall(source, attrs) || (!nodes.has(source) && !nodes.has(target))) return;
      if (nodes.has(source) && nodes.has(target)) edges.push({ source, target });
      if (nodes.has(target) && target !== service && source !== target) {
        const list = inbound.get(target) ?? [];
        list.push({ source, target });
        inbound.set(target, list);
      }
    });
  }
  const series = new Map<string, Map<string, Point[]>>();
  const pacer = new Pacer();
  for (const node of nodes) {
    await pacer.pace();
    const own = await store.query({ subject: { kind: 'service', service: node }, fromMs, toMs });
    const callers = inbound.get(node) ?? [];
    const edgeSeries: SeriesResult[] = [];
    for (const e of callers) {
      await pacer.pace();
      edgeSeries.push(
        await store.query({ subject: { kind: 'edge', ...e }, signals: INBOUND_SOURCE_SIGNALS, fromMs, toMs }),
      );
    }
    const signals = nonEmpty(own);
    for (const [signal, points] of foldInbound(edgeSeries)) signals.set(signal, points);
    if (signals.size > 0) series.set(node, signals);
  }
  return { series, edges, usedGraph: known !== undefined };
}

async function serviceSubjects(store: SeriesStore, service: string): Promise<Set<string>> {
  const nodes = new Set([service]);
  for (const s of await store.subjects()) {
    if (s.kind === 'service' && !sameSubject(s, OVERFLOW_SUBJECT)) nodes.add(s.service);
  }
  return nodes;
}

function nonEmpty(result: SeriesResult): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  for (const [signal, points] of Object.entries(result)) {
    if (points !== undefined && points.length > 0) out.set(signal, points);
  }
  return out;
}
