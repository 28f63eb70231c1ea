import { alertEvidence } from './alert-evidence.js';
import { withoutCommonMode } from './common-mode.js';
import { anomalousSet, callersView, explainedByCallees } from './explain.js';
import { type NodeEvidence, nodeEvidence, zOf } from './node-evidence.js';
import { logBestOf } from './probability.js';
import { roleOf } from './roles.js';
import type { Scope } from './scope.js';
import { rankingOf, scopeOf } from './scope.js';
import type { RankInput, Ranking, RankOptions } from './types.js';

/**
 * The calibrated ranker (`ranker: calibrated`; `rankRootCauses` runs it when asked): ranks
 * the nodes most likely at the root of a failing SLO. Pure: same input, same answer. The
 * default (`DEFAULT_RANKER`); its figures against the classic ranker are in docs/root-cause.md.
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
 * At the SLO's node the signals of the SLI's own role are the symptom and are not scored,
 * unless with them the node is anomalous and none of its direct callees is (then only the SLI
 * itself is left out: a service failing by itself on its own SLO).
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
    // At the SLO's node the SLI's whole family (`errors` beside `error_rate`, every latency
    // quantile) is the symptom ...
    const skip =
      node === input.slo.node ? (s: string) => s === input.slo.signal || roleOf(s) === sliRole : () => false;
    const e = series === undefined ? undefined : nodeEvidence(series, skip, scope);
    if (e === undefined) unscored.push(node);
    else scored.set(node, e);
  }
  // ... unless they make the node anomalous and nothing it calls is: then it fails by itself
  // on its own SLO, and its other signals of the SLI's role are the only evidence it has.
  const own = ownSymptom(input, scored, scope);
  if (own !== undefined) {
    scored.set(input.slo.node, own);
    const at = unscored.indexOf(input.slo.node);
    if (at >= 0) unscored.splice(at, 1);
  }
  const evidence = withoutCommonMode(scored);

  const combined = combinedEvidence(input, evidence, scope);
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

/**
 * The SLO node's evidence with only the SLI itself left out, when with it the node is in the
 * anomalous set and none of its direct callees is (computed on that same evidence); undefined
 * otherwise, or when the node has no series. Weak symptoms everywhere (nothing anomalous)
 * leave the family out as before: they do not say where the fault is.
 */
function ownSymptom(
  input: RankInput,
  scored: ReadonlyMap<string, NodeEvidence>,
  scope: Scope,
): NodeEvidence | undefined {
  const node = input.slo.node;
  const series = input.series.get(node);
  const own = series === undefined ? undefined : nodeEvidence(series, (s) => s === input.slo.signal, scope);
  if (own === undefined) return undefined;
  const anomalous = anomalousSet(
    combinedEvidence(input, withoutCommonMode(new Map([...scored, [node, own]])), scope),
    scope.options.fdrLevel,
  );
  if (!anomalous.has(node)) return undefined;
  const callees = scope.usedTopology ? (scope.callees.get(node) ?? []) : [];
  return callees.some((c) => c !== node && anomalous.has(c)) ? undefined : own;
}

/** Each node's own evidence, its callers' view of it and the alerts naming it, as one log p. */
function combinedEvidence(
  input: RankInput,
  evidence: ReadonlyMap<string, NodeEvidence>,
  scope: Scope,
): Map<string, number> {
  const combined = new Map<string, number>();
  const fromCallers = scope.usedTopology ? callersView(evidence, scope.callees) : new Map<string, number>();
  const fromAlerts = alertEvidence(input.alerts, scope.intervals);
  for (const [node, e] of evidence) {
    const sources = [e.localLogP, fromCallers.get(node), fromAlerts.get(node)].filter(
      (x): x is number => x !== undefined,
    );
    combined.set(node, logBestOf(Math.min(...sources), sources.length));
  }
  return combined;
}
