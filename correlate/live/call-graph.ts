import { USER_NODE } from '../../topology/model.js';
import type { ServiceEdge, ServiceGraph } from '../../topology/service-graph.js';

/**
 * Whether an edge stands for requests from outside the traced system: a root SERVER span
 * is recorded as a `virtual` call from the user node (`USER_NODE`). Such edges are no
 * dependency: through them every entry service would be two hops from every other, so
 * root cause and incident grouping leave them out.
 */
export function isOutsideCall(source: string, edge: Pick<ServiceEdge, 'connectionType'>): boolean {
  return source === USER_NODE && edge.connectionType === 'virtual';
}

/** The callees of `node` along call edges (outside calls left out). */
export function calleesIn(graph: ServiceGraph, node: string): string[] {
  const out: string[] = [];
  graph.forEachOutEdge(node, (_e, attrs, source, target) => {
    if (!isOutsideCall(source, attrs) && target !== node) out.push(target);
  });
  return out;
}

/** The callers and callees of `node` along call edges (outside calls left out). */
export function neighboursIn(graph: ServiceGraph, node: string): string[] {
  const out = new Set(calleesIn(graph, node));
  graph.forEachInEdge(node, (_e, attrs, source) => {
    if (!isOutsideCall(source, attrs) && source !== node) out.add(source);
  });
  return [...out];
}

/** `from` and every node reachable from it along call edges. */
export function downstreamIn(graph: ServiceGraph, from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const next of calleesIn(graph, queue[i]!)) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}
