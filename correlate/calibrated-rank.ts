import { alertEvidence } from './alert-evidence.js';
import { withoutCommonMode } from './common-mode.js';
import { anomalousSet, callersView, explainedByCallees } from './explain.js';
import { type NodeEvidence, nodeEvidence, zOf } from './node-evidence.js';
import { logBestOf } from './probability.js';
import { roleOf } from './roles.js';
import { rankingOf, scopeOf } from './scope.js';
import type { RankInput, Ranking, RankOptions } from './types.js';

/**
 * The calibrated ranker (`ranker: calibrated`; `rankRootCauses` runs it when asked): ranks
 * the nodes most likely at the root of a failing SLO. Pure: same input, same answer. Not the
 * default: it wins on nezha but loses on the simulator and Sock Shop (docs/root-cause.md).
 *
 * 1. Every signal gets a calibrated score (`calibratedScore`): its window against runs of
 *    the same length in its own history, as a log p-value, whatever the sampling step.
 * 2. A signal that moved on most nodes at once is the environment's, not one node's: its
 *    common mode across nodes is removed (`withoutCommonMode`). A node's own evidence then
 *    combines its signals by role (resource, latency, errors, traffic, callers' view),
 *    corrected for how many signals and roles it has (`nodeEvidence`); client-side
 *    (outbound) signals are not evidence about the node itself.
 * 3. With a topology: callers' outbound latency and errors count for the callee they all
 *    share (`callersView`); the anomalous set is chosen by false-discovery rate
 *    (`anomalousSet`); a caller is exonerated only as far as a regression on its direct
 *    anomalous callees explains its signal (`explainedByCallees`). Topology only reorders:
 *    every node with series is a candidate, downstream ones carry their call path.
 *    Alerts received from Alertmanager that name a node count as one more source of
 *    evidence for it (`alertEvidence`).
 * 4. The best |Pearson correlation| of a node's signals with the SLI in the incident window,
 *    as a Fisher z, adds `correlationZWeight` times itself: secondary evidence on the same
 *    scale, never a multiplier.
 *
 * At the SLO's node the signals of the SLI's own role are the symptom and are not scored.
 * Nodes without a scorable signal are listed in `unscored`, not ranked.
 *
 * Throws `FL_CORRELATE_INVALID_INPUT` on a non-finite anomaly time or bad options.
 */
export function rankCalibrated(input: RankInput, options: Partial<RankOptions> = {}): Ranking {
  const scope = scopeOf(input, options, 'calibrated');
  const { options: opts } = scope;
  const sliRole = roleOf(input.slo.signal);
  const scored = new Map<string, NodeEvidence>();
  const unscored: string[] = [];
  for (const node of scope.candidates.keys()) {
    const series = input.series.get(node);
    const skip =
      node === input.slo.node ? (s: string) => s === input.slo.signal || roleOf(s) === sliRole : () => false;
    const e = series === undefined ? undefined : nodeEvidence(series, skip, scope);
    if (e === undefined) unscored.push(node);
    else scored.set(node, e);
  }
  const evidence = withoutCommonMode(scored);

  const combined = new Map<string, number>();
  const fromCallers = scope.usedTopology ? callersView(evidence, scope.callees) : new Map<string, number>();
  const fromAlerts = alertEvidence(input.alerts, scope.intervals);
  for (const [node, e] of evidence) {
    const sources = [e.localLogP, fromCallers.get(node), fromAlerts.get(node)].filter(
      (x): x is number => x !== undefined,
    );
    combined.set(node, logBestOf(Math.min(...sources), sources.length));
  }
  const anomalous = scope.usedTopology ? anomalousSet(combined, opts.fdrLevel) : new Set<string>();

  const ranked = [...evidence].map(([node, e]) => {
    const own = combined.get(node) ?? 0;
    const explained = anomalous.has(node) ? explainedByCallees(node, evidence, anomalous, scope) : undefined;
    const logP = explained === undefined ? own : Math.max(own, explained.logP);
    return {
      node,
      // A caller's co-movement with the SLI is explained by its callee as its anomaly is.
      score: zOf(logP) + (explained === undefined ? opts.correlationZWeight * e.correlationZ : 0),
      ownScore: zOf(e.localLogP),
      explainedBy: explained?.by ?? null,
      path: scope.candidates.get(node) ?? null,
      signals: e.signals.slice(0, opts.evidenceSignals).map(({ signal, anomaly, correlation, score }) => ({
        signal,
        anomaly,
        correlation,
        score,
      })),
    };
  });
  return rankingOf(ranked, unscored, scope);
}
