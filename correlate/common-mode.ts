import { combineRoles, type NodeEvidence, type ScoredSignal } from './node-evidence.js';
import { zToLogUpperTail } from './probability.js';
import { isLocalRole } from './roles.js';

/** Fewest nodes reporting a signal before its common mode is estimated. */
const MIN_PEERS = 4;

/**
 * Removes the common mode of each signal across nodes: when the same signal (`mem`,
 * `latency_p99`) moved on most nodes at once, the move is the environment's (a load change,
 * a cluster-wide restart, a gap between recordings), not evidence about any one node. Each
 * signal's z is lowered by the median z of that signal over the nodes that report it (when
 * at least `MIN_PEERS` do and that median is positive), and each node's local evidence is
 * combined again from the lowered values. A change that only a few nodes show keeps almost
 * all of its weight.
 */
export function withoutCommonMode(evidence: ReadonlyMap<string, NodeEvidence>): Map<string, NodeEvidence> {
  const bySignal = new Map<string, number[]>();
  for (const e of evidence.values()) {
    for (const s of e.signals) {
      const list = bySignal.get(s.signal) ?? [];
      list.push(s.anomaly);
      bySignal.set(s.signal, list);
    }
  }
  const common = new Map<string, number>();
  for (const [signal, zs] of bySignal) {
    if (zs.length < MIN_PEERS) continue;
    const sorted = [...zs].sort((a, b) => a - b);
    const mid = (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
    if (mid > 0) common.set(signal, mid);
  }
  const out = new Map<string, NodeEvidence>();
  for (const [node, e] of evidence) {
    const signals: ScoredSignal[] = e.signals.map((s) => {
      const shift = common.get(s.signal) ?? 0;
      if (shift === 0) return s;
      const z = Math.max(0, s.anomaly - shift);
      return {
        ...s,
        score: z,
        calibrated: { ...s.calibrated, z, logP: z > 0 ? zToLogUpperTail(z) : Math.log(0.5) },
      };
    });
    signals.sort((a, b) => b.score - a.score || (a.signal < b.signal ? -1 : 1));
    out.set(node, { ...e, signals, localLogP: combineRoles(signals.filter((s) => isLocalRole(s.role))) });
  }
  return out;
}
