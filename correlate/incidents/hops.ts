import type { ServiceGraph } from '../../topology/service-graph.js';
import { neighboursIn } from '../live/call-graph.js';

/**
 * Hop distance between two services; `Infinity` when they are further apart than asked about.
 * `around` lists the services within reach of one, with their distances: grouping looks an
 * alert's neighbourhood up instead of asking about every open incident's services.
 */
export interface HopDistance {
  (a: string, b: string): number;
  /** Every service within the searched hops of `service` (itself at 0), graph or not. */
  around(service: string): ReadonlyMap<string, number>;
}

/**
 * Distances in `graph` with call edges taken in either direction (a caller and its callee are
 * one hop apart, two callers of one service two hops; calls from outside, `user -> entry`,
 * link nothing), searched up to `maxHops`: beyond that,
 * or for a node the graph does not know, the answer is `Infinity`; a service is 0 hops from
 * itself, graph or not. Answers are memoised per source, so one grouping pass asks cheaply.
 */
export function hopDistance(graph: ServiceGraph | undefined, maxHops: number): HopDistance {
  const memo = new Map<string, Map<string, number>>();
  const around = (a: string): Map<string, number> => {
    let from = memo.get(a);
    if (from === undefined) {
      from = graph === undefined || !graph.hasNode(a) ? new Map([[a, 0]]) : search(graph, a, maxHops);
      memo.set(a, from);
    }
    return from;
  };
  const distance = (a: string, b: string): number => {
    if (a === b) return 0;
    if (graph === undefined || !graph.hasNode(a) || !graph.hasNode(b)) return Number.POSITIVE_INFINITY;
    return around(a).get(b) ?? Number.POSITIVE_INFINITY;
  };
  return Object.assign(distance, { around });
}

function search(graph: ServiceGraph, start: string, maxHops: number): Map<string, number> {
  const dist = new Map([[start, 0]]);
  let frontier = [start];
  for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const m of neighboursIn(graph, node)) {
        if (dist.has(m)) continue;
        dist.set(m, hop);
        next.push(m);
      }
    }
    frontier = next;
  }
  return dist;
}
