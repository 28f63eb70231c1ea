import type { Candidate } from '../api/types.js';

/**
 * The callee to name as partly explaining `c`, if the page should name one. The ranking
 * names the strongest anomalous callee below a node; the page repeats it only when that
 * callee is itself on the list ranked above `c` (more suspect than the node it explains).
 * A callee ranked lower, or not ranked at all, reads as healthy next to it, so the top
 * candidate is never shown "explained by" a node the same page calls less suspect.
 */
export function explainedBy(c: Candidate, all: readonly Candidate[]): string | undefined {
  if (!c.explainedBy) return undefined;
  const by = all.find((x) => x.node === c.explainedBy);
  return by !== undefined && by.rank < c.rank ? by.node : undefined;
}
