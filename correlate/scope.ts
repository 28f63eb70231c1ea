import { correlationWithSli, inferStep, resample } from './correlation.js';
import { type Intervals, intervalsFor, resolveOptions } from './options.js';
import { calleesOf, downstreamPaths, inTopology } from './topology.js';
import type { Candidate, Point, RankInput, Ranking, RankOptions } from './types.js';

/** What every ranking method (the ranker and the plain baselines) agrees on for one input. */
export interface Scope {
  readonly options: RankOptions;
  readonly intervals: Intervals;
  /** Candidate nodes in a stable order, each with its call path from the SLO's node (or null). */
  readonly candidates: ReadonlyMap<string, readonly string[] | null>;
  readonly usedTopology: boolean;
  readonly callees: ReadonlyMap<string, readonly string[]>;
  /**
   * The SLI resampled onto the correlation grid over `range` (classic: the whole `range`
   * below; calibrated: the incident window and as long again before it), when it has
   * enough points there.
   */
  readonly sli:
    | {
        readonly cells: ReadonlyMap<number, number>;
        readonly step: number;
        readonly range: { readonly from: number; readonly to: number };
      }
    | undefined;
  /** The case's sampling step (ms), inferred from the SLI or else the first series (calibrated only). */
  readonly stepMs: number | undefined;
  /** The correlation grid's range: the lookback through the end of the anomaly window. */
  readonly range: { readonly from: number; readonly to: number };
}

/**
 * Resolves options and intervals, picks the candidates and prepares the SLI. Candidates are
 * the SLO's node and everything reachable downstream of it when the topology knows that
 * node; otherwise every node that has series. Throws `FL_CORRELATE_INVALID_INPUT` on bad
 * options.
 *
 * `calibrated` (the calibrated ranker's scope) differs in three ways: the intervals are
 * sized from the case's step too (`intervalsFor`), every other node with series follows
 * the downstream ones as a candidate (a wrong or partial graph can reorder but never hide
 * the root cause), and the SLI grid covers only the incident window and as long before it.
 */
export function scopeOf(
  input: RankInput,
  partial: Partial<RankOptions> = {},
  variant: 'classic' | 'calibrated' = 'classic',
): Scope {
  const calibrated = variant === 'calibrated';
  const options = resolveOptions(input, partial);
  const stepMs = calibrated ? caseStep(input) : undefined;
  const intervals = intervalsFor(input.anomalyTimeMs, options, stepMs);
  const edges = input.edges ?? [];
  const callees = calleesOf(edges);
  const usedTopology = edges.length > 0 && inTopology(edges, input.slo.node);
  const candidates = new Map<string, readonly string[] | null>();
  if (usedTopology) {
    for (const [node, path] of downstreamPaths(callees, input.slo.node)) candidates.set(node, path);
  }
  if (!usedTopology || calibrated) {
    for (const node of [...input.series.keys()].sort()) if (!candidates.has(node)) candidates.set(node, null);
  }
  const range = { from: intervals.baseline.from, to: intervals.window.to };
  const length = intervals.window.to - intervals.window.from;
  const sliRange = calibrated ? { from: intervals.window.from - length, to: intervals.window.to } : range;
  return {
    options,
    intervals,
    candidates,
    usedTopology,
    callees,
    sli: sliGrid(input, options, sliRange),
    stepMs,
    range,
  };
}

/** The SLI's step, or the first series' when the SLI has too few points (ms). */
function caseStep(input: RankInput): number | undefined {
  const own = input.series.get(input.slo.node)?.get(input.slo.signal);
  const fromSli = own === undefined ? undefined : inferStep(own);
  if (fromSli !== undefined && fromSli > 0) return fromSli;
  for (const signals of input.series.values()) {
    for (const points of signals.values()) {
      const step = inferStep(points);
      if (step !== undefined && step > 0) return step;
    }
  }
  return undefined;
}

function sliGrid(input: RankInput, options: RankOptions, range: { from: number; to: number }): Scope['sli'] {
  const points: readonly Point[] = input.series.get(input.slo.node)?.get(input.slo.signal) ?? [];
  const inRange = points.filter((p) => p.t >= range.from && p.t < range.to && Number.isFinite(p.v));
  const step = inferStep(inRange);
  if (step === undefined || step <= 0) return undefined;
  const cells = resample(inRange, range.from, range.to, step);
  return cells.size >= options.minCorrelationPoints ? { cells, step, range } : undefined;
}

/**
 * Pearson correlation of a signal with the SLI on the scope's grid (`sli.range`); null when
 * there is no SLI or too few aligned points. Every ranker and baseline asks through here.
 */
export function sliCorrelation(points: readonly Point[], scope: Scope): number | null {
  const { sli } = scope;
  return sli === undefined
    ? null
    : correlationWithSli(
        points,
        sli.cells,
        { ...sli.range, step: sli.step },
        scope.options.minCorrelationPoints,
      );
}

/** The ranking of scored candidates: best score first, ties by name, numbered from 1. */
export function rankingOf(
  scored: ReadonlyArray<Omit<Candidate, 'rank'>>,
  unscored: readonly string[],
  scope: Scope,
): Ranking {
  const ranked = [...scored].sort(
    (a, b) => b.score - a.score || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0),
  );
  const candidates: Candidate[] = ranked.map((c, i) => ({ rank: i + 1, ...c }));
  return {
    candidates,
    unscored,
    usedTopology: scope.usedTopology,
    sliAvailable: scope.sli !== undefined,
    baseline: scope.intervals.baseline,
    window: scope.intervals.window,
  };
}
