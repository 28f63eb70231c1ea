import { robustAnomaly, splitValues } from './anomaly-score.js';
import { rankCalibrated } from './calibrated-rank.js';
import { DEFAULT_RANKER } from './options.js';
import { rankingOf, type Scope, scopeOf, sliCorrelation } from './scope.js';
import { calleeDiscounts } from './topology.js';
import type { RankInput, Ranking, RankOptions, SignalEvidence, SignalSeries } from './types.js';

/**
 * Ranks the nodes most likely at the root of a failing SLO. Pure: same input, same answer.
 *
 * Each candidate's signals are scored by (a) how anomalous they are in the anomaly window
 * against their own baseline, robustly (median and IQR, see `robustScale`), weighted by
 * (b) their |Pearson correlation| with the failing SLI over the lookback; a node's score is
 * its best signal's, then (c) discounted by the part an anomalous callee explains (see
 * `calleeDiscounts`). Candidates: the SLO's node and everything downstream of it when the
 * topology knows that node, else every node with series. The SLO's own SLI is the symptom,
 * not evidence, and is not scored. Nodes without a scorable signal (too few baseline
 * points, nothing in the window) are listed in `unscored`, not ranked.
 *
 * This is the classic ranker, run with `ranker: 'classic'`; otherwise (`DEFAULT_RANKER`)
 * `rankCalibrated` answers instead (same input and answer types).
 *
 * Throws `FL_CORRELATE_INVALID_INPUT` on a non-finite anomaly time or bad options.
 */
export function rankRootCauses(input: RankInput, options: Partial<RankOptions> = {}): Ranking {
  if ((options.ranker ?? DEFAULT_RANKER) === 'calibrated') return rankCalibrated(input, options);
  const scope = scopeOf(input, options);
  const { options: opts } = scope;
  const own = new Map<string, { score: number; anomaly: number; signals: SignalEvidence[] }>();
  const unscored: string[] = [];
  for (const node of scope.candidates.keys()) {
    const series = input.series.get(node);
    const skip = node === input.slo.node ? input.slo.signal : undefined;
    const signals = series === undefined ? [] : scoreSignals(series, skip, scope);
    if (signals.length === 0) {
      unscored.push(node);
      continue;
    }
    const first = signals[0]!;
    const anomaly = Math.max(...signals.map((s) => s.anomaly));
    own.set(node, { score: first.score, anomaly, signals: signals.slice(0, opts.evidenceSignals) });
  }

  const discounts = calleeDiscounts(own, scope.callees, opts.calleeDiscount, opts.anomalousThreshold);
  const ranked = [...own].map(([node, o]) => {
    const d = discounts.get(node) ?? { factor: 1, by: null };
    return {
      node,
      score: o.score * d.factor,
      ownScore: o.score,
      explainedBy: d.by,
      path: scope.candidates.get(node) ?? null,
      signals: o.signals,
    };
  });
  return rankingOf(ranked, unscored, scope);
}

/** Every scorable signal of one node, best score first (ties by name). */
function scoreSignals(series: SignalSeries, skip: string | undefined, scope: Scope): SignalEvidence[] {
  const { options: opts, intervals } = scope;
  const out: SignalEvidence[] = [];
  for (const [signal, points] of series) {
    if (signal === skip) continue;
    const split = splitValues(points, intervals.baseline.from, intervals.window.from, intervals.window.to);
    const anomaly = robustAnomaly(split, opts);
    if (anomaly === undefined) continue;
    const correlation = sliCorrelation(points, scope);
    const weight = 1 - opts.correlationWeight + opts.correlationWeight * Math.abs(correlation ?? 0);
    out.push({ signal, anomaly, correlation, score: anomaly * weight });
  }
  out.sort((a, b) => b.score - a.score || (a.signal < b.signal ? -1 : 1));
  return out;
}
