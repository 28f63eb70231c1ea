import graphology from 'graphology';
import type { ServiceEdge } from '../core/api-types.js';
import type { EdgeSnapshot, NodeKind } from './model.js';
import { kindRank } from './model.js';

export type { ServiceEdge };

const { DirectedGraph } = graphology;

export interface ServiceNode {
  kind: NodeKind;
}

/** The service graph: nodes by id with their kind, one directed edge per (source, target). */
export type ServiceGraph = InstanceType<typeof DirectedGraph<ServiceNode, ServiceEdge>>;

/** The graph of a set of edges (as a graph store reads them). */
export function buildServiceGraph(edges: readonly EdgeSnapshot[]): ServiceGraph {
  const graph: ServiceGraph = new DirectedGraph<ServiceNode, ServiceEdge>();
  const addNode = (id: string, kind: NodeKind): void => {
    const existing = graph.hasNode(id) ? graph.getNodeAttributes(id) : undefined;
    if (existing === undefined) graph.addNode(id, { kind });
    else if (kindRank(kind) > kindRank(existing.kind)) graph.setNodeAttribute(id, 'kind', kind);
  };
  const sorted = [...edges].sort((a, b) => compare(a.source, b.source) || compare(a.target, b.target));
  for (const e of sorted) {
    addNode(e.source, e.sourceKind);
    addNode(e.target, e.targetKind);
    graph.addDirectedEdge(e.source, e.target, {
      source: e.source,
      target: e.target,
      connectionType: e.connectionType,
      calls: e.calls,
      failedCalls: e.failedCalls,
      errorRate: e.calls > 0 ? e.failedCalls / e.calls : 0,
      clientLatencyMeanMs: e.clientCalls > 0 ? e.clientLatencySumUs / e.clientCalls / 1000 : null,
      serverLatencyMeanMs: e.serverCalls > 0 ? e.serverLatencySumUs / e.serverCalls / 1000 : null,
      lastSeen: e.lastSeenMs,
    });
  }
  return graph;
}

/**
 * The subgraph of the nodes within `depth` hops of `node`, following edges in either
 * direction, with every edge between them. Undefined when the graph has no such node.
 */
export function neighbourhood(graph: ServiceGraph, node: string, depth: number): ServiceGraph | undefined {
  if (!graph.hasNode(node)) return undefined;
  const seen = new Set([node]);
  let frontier = [node];
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const m of graph.neighbors(n)) {
        if (!seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  const sub: ServiceGraph = new DirectedGraph<ServiceNode, ServiceEdge>();
  graph.forEachNode((id, attrs) => {
    if (seen.has(id)) sub.addNode(id, { ...attrs });
  });
  graph.forEachEdge((_e, attrs, source, target) => {
    if (seen.has(source) && seen.has(target)) sub.addDirectedEdge(source, target, { ...attrs });
  });
  return sub;
}

/** The graph as the API's JSON: `{ nodes: [{ id, kind }], edges: [...] }`, sorted by id. */
export function graphToJson(graph: ServiceGraph): {
  nodes: Array<{ id: string } & ServiceNode>;
  edges: ServiceEdge[];
} {
  const nodes = graph.mapNodes((id, attrs) => ({ id, ...attrs })).sort((a, b) => compare(a.id, b.id));
  const edges = graph
    .mapEdges((_e, attrs) => ({ ...attrs }))
    .sort((a, b) => compare(a.source, b.source) || compare(a.target, b.target));
  return { nodes, edges };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
