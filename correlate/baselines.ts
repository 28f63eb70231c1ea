import { baroScale, meanStdScale, type Scale, splitValues, windowScore } from './anomaly-score.js';
import { scopeOf, sliCorrelation } from './scope.js';
import type { Point, RankInput, RankOptions } from './types.js';

/** A node and its score under a plain baseline method. */
export interface BaselineEntry {
  readonly node: string;
  readonly score: number;
}

/**
 * NSigma-like baseline: a node's score is the largest plain z-score (mean and standard
 * deviation of the baseline, no floor, spread 1 for a flat baseline) any of its signals
 * reaches in the anomaly window. Same candidates, intervals and SLI exclusion as
 * `rankRootCauses`, no correlation and no topology discount, so comparing the two shows
 * what robust scaling, correlation and topology add. Best first, ties by name.
 */
export function rankByZScore(input: RankInput, options: Partial<RankOptions> = {}): BaselineEntry[] {
  return rankByWindowMax(input, options, meanStdScale);
}

/**
 * BARO's robust scorer: a node's score is the largest |x - median| / IQR (`baroScale`) any
 * of its signals reaches in the anomaly window. Same candidates, intervals and SLI
 * exclusion as `rankRootCauses`, nothing else.
 */
export function rankByBaro(input: RankInput, options: Partial<RankOptions> = {}): BaselineEntry[] {
  return rankByWindowMax(input, options, baroScale);
}

/** Each node's largest window deviation of any signal under `scaleOf` of its baseline. */
function rankByWindowMax(
  input: RankInput,
  options: Partial<RankOptions>,
  scaleOf: (baseline: readonly number[]) => Scale,
): BaselineEntry[] {
  const scope = scopeOf(input, options);
  const { baseline, window } = scope.intervals;
  return bestPerNode(input, [...scope.candidates.keys()], (points) => {
    const split = splitValues(points, baseline.from, window.from, window.to);
    if (split.baseline.length < scope.options.minBaselinePoints || split.window.length === 0)
      return undefined;
    return windowScore(split.window, scaleOf(split.baseline));
  });
}

/**
 * Correlation-alone baseline: a node's score is the largest |Pearson correlation| of any of
 * its signals with the SLI over the lookback. Every node scores 0 when there is no SLI.
 */
export function rankByCorrelation(input: RankInput, options: Partial<RankOptions> = {}): BaselineEntry[] {
  const scope = scopeOf(input, options);
  return bestPerNode(input, [...scope.candidates.keys()], (points) => {
    const r = sliCorrelation(points, scope);
    return r === null ? 0 : Math.abs(r);
  });
}

function bestPerNode(
  input: RankInput,
  nodes: readonly string[],
  score: (points: readonly Point[]) => number | undefined,
): BaselineEntry[] {
  const out: BaselineEntry[] = [];
  for (const node of nodes) {
    const series = input.series.get(node);
    if (series === undefined) continue;
    let best: number | undefined;
    for (const [signal, points] of series) {
      if (node === input.slo.node && signal === input.slo.signal) continue;
      const s = score(points);
      if (s !== undefined && (best === undefined || s > best)) best = s;
    }
    if (best !== undefined) out.push({ node, score: best });
  }
  return out.sort((a, b) => b.score - a.score || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
}
