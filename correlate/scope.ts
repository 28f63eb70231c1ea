import { inferStep, resample } from './correlation.js';
import { type Intervals, intervalsFor, resolveOptions } from './options.js';
import { calleesOf, downstreamPaths, inTopology } from './topology.js';
import type { Point, RankInput, RankOptions } from './types.js';

/** What every ranking method (the ranker and the plain baselines) agrees on for one input. */
export interface Scope {
  readonly options: RankOptions;
  readonly intervals: Intervals;
  /** Candidate nodes in a stable order, each with its call path from the SLO's node (or null). */
  readonly candidates: ReadonlyMap<string, readonly string[] | null>;
  readonly usedTopology: boolean;
  readonly callees: ReadonlyMap<string, readonly string[]>;
  /** The SLI resampled onto the correlation grid, when it has enough points. */
  readonly sli: { readonly cells: ReadonlyMap<number, number>; readonly step: number } | undefined;
  /** The correlation grid's range: the lookback through the end of the anomaly window. */
  readonly range: { readonly from: number; readonly to: number };
}

/**
 * Resolves options and intervals, picks the candidates and prepares the SLI. Candidates are
 * the SLO's node and everything reachable downstream of it when the topology knows that
 * node; otherwise every node that has series. Throws `FL_CORRELATE_INVALID_INPUT` on bad
 * options.
 */
export function scopeOf(input: RankInput, partial: Partial<RankOptions> = {}): Scope {
  const options = resolveOptions(input, partial);
  const intervals = intervalsFor(input.anomalyTimeMs, options);
  const edges = input.edges ?? [];
  const callees = calleesOf(edges);
  const usedTopology = edges.length > 0 && inTopology(edges, input.slo.node);
  const candidates = new Map<string, readonly string[] | null>();
  if (usedTopology) {
    for (const [node, path] of downstreamPaths(callees, input.slo.node)) candidates.set(node, path);
  } else {
    for (const node of [...input.series.keys()].sort()) candidates.set(node, null);
  }
  const range = { from: intervals.baseline.from, to: intervals.window.to };
  return {
    options,
    intervals,
    candidates,
    usedTopology,
    callees,
    sli: sliGrid(input, options, range),
    range,
  };
}

function sliGrid(input: RankInput, options: RankOptions, range: { from: number; to: number }): Scope['sli'] {
  const points: readonly Point[] = input.series.get(input.slo.node)?.get(input.slo.signal) ?? [];
  const inRange = points.filter((p) => p.t >= range.from && p.t < range.to && Number.isFinite(p.v));
  const step = inferStep(inRange);
  if (step === undefined || step <= 0) return undefined;
  const cells = resample(inRange, range.from, range.to, step);
  return cells.size >= options.minCorrelationPoints ? { cells, step } : undefined;
}
