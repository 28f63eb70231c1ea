/** How rankings are scored against a known root cause. */

/** `node`: compare node names as they are; `service`: drop a `-db` suffix first (RCAEval). */
export type ScoreLevel = 'node' | 'service';

/** The service a node belongs to: its name without a trailing `-db` (`carts-db` -> `carts`). */
export function serviceOf(node: string): string {
  return node.endsWith('-db') && node.length > 3 ? node.slice(0, -3) : node;
}

/** A ranked node list at the given level: mapped, and each name kept at its first place. */
export function atLevel(nodes: readonly string[], level: ScoreLevel): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const name = level === 'service' ? serviceOf(node) : node;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** 1-based place of `truth` in `ranked`, or null when it is not there. */
export function rankOf(ranked: readonly string[], truth: string): number | null {
  const i = ranked.indexOf(truth);
  return i < 0 ? null : i + 1;
}

/** Accuracy figures over a set of cases. */
export interface Accuracy {
  readonly cases: number;
  /** AC@1 .. AC@5: share of cases whose root cause is within the top k. */
  readonly acAt: readonly number[];
  readonly ac1: number;
  readonly ac3: number;
  /** Mean of AC@1..AC@5. */
  readonly avg5: number;
}

/** AC@k and Avg@5 from the ranks of the true root causes (null: not ranked). 0 cases: all 0. */
export function accuracy(ranks: ReadonlyArray<number | null>): Accuracy {
  const n = ranks.length;
  const acAt = [1, 2, 3, 4, 5].map((k) =>
    n === 0 ? 0 : ranks.filter((r) => r !== null && r <= k).length / n,
  );
  return {
    cases: n,
    acAt,
    ac1: acAt[0]!,
    ac3: acAt[2]!,
    avg5: acAt.reduce((a, b) => a + b, 0) / 5,
  };
}
