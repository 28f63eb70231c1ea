import type { Edge } from './types.js';

/** Callees of each node (self-calls dropped), in the order the edges list them. */
export function calleesOf(edges: readonly Edge[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { source, target } of edges) {
    if (source === target) continue;
    const list = out.get(source) ?? [];
    if (!list.includes(target)) list.push(target);
    out.set(source, list);
  }
  return out;
}

/** True when some edge names `node` as caller or callee. */
export function inTopology(edges: readonly Edge[], node: string): boolean {
  return edges.some((e) => e.source === node || e.target === node);
}

/**
 * Every node reachable from `from` along call edges (caller -> callee), `from` included,
 * each with a shortest call path that starts at `from` and ends at the node. Breadth-first;
 * among equally short paths the one through earlier-listed edges wins, so the answer is
 * deterministic. Cycles are fine.
 */
export function downstreamPaths(
  callees: ReadonlyMap<string, readonly string[]>,
  from: string,
): Map<string, readonly string[]> {
  const paths = new Map<string, readonly string[]>([[from, [from]]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    const path = paths.get(node)!;
    for (const next of callees.get(node) ?? []) {
      if (paths.has(next)) continue;
      paths.set(next, [...path, next]);
      queue.push(next);
    }
  }
  return paths;
}

/** The nodes reachable from `node` through at least one call, `node` itself excluded. */
export function descendantsOf(callees: ReadonlyMap<string, readonly string[]>, node: string): Set<string> {
  const reached = new Set(downstreamPaths(callees, node).keys());
  reached.delete(node);
  return reached;
}

/** How much of a node's score its callees explain. */
export interface CalleeDiscount {
  /** Multiply the node's score by this, in `[1 - maxDiscount, 1]`. */
  readonly factor: number;
  /** The most anomalous anomalous callee below it, or null when none is. */
  readonly by: string | null;
}

/**
 * The "explained-by-callee" discount. A caller of a failing service usually turns anomalous
 * too (its latency includes the callee's, its errors are the callee's errors), so when an
 * anomalous node `u` sits anywhere below node `v`, part of `v`'s anomaly is probably `u`'s.
 * With `m` the best score among `v`'s anomalous descendants (those whose `anomaly` reaches
 * `threshold`) and `s` `v`'s own score, `v` keeps `1 - maxDiscount * m / (m + s)` of it:
 * nothing is taken when no descendant is anomalous, up to `maxDiscount / 2` when a
 * descendant is as anomalous as `v`, and up to `maxDiscount` when it is far more. A callee
 * thus outranks a caller that is up to ~1.28 times as anomalous (with 0.5), while a caller
 * whose own anomaly clearly dominates everything below it keeps its rank.
 *
 * Chosen over MicroRCA's personalised PageRank on the anomalous subgraph because it needs
 * no random-walk parameters, is monotone in the scores, and its effect on one node can be
 * explained in one sentence in the evidence (`explainedBy`).
 */
export function calleeDiscounts(
  scores: ReadonlyMap<string, { readonly score: number; readonly anomaly: number }>,
  callees: ReadonlyMap<string, readonly string[]>,
  maxDiscount: number,
  threshold: number,
): Map<string, CalleeDiscount> {
  const out = new Map<string, CalleeDiscount>();
  for (const [node, own] of scores) {
    let best: string | null = null;
    let m = 0;
    for (const d of descendantsOf(callees, node)) {
      const s = scores.get(d);
      if (s === undefined || s.anomaly < threshold) continue;
      if (s.score > m || (s.score === m && best !== null && d < best)) {
        m = s.score;
        best = d;
      }
    }
    const factor = m > 0 ? 1 - (maxDiscount * m) / (m + own.score) : 1;
    out.set(node, { factor, by: m > 0 ? best : null });
  }
  return out;
}
