import { rankByBaro, rankByCorrelation, rankByZScore } from '../baselines.js';
import { DEFAULT_RANKER, RANKER_NAMES } from '../options.js';
import { rankRootCauses } from '../rank.js';
import type { RankerName, RankInput, RankOptions } from '../types.js';
import { bootstrapMean, type Interval, type PairedComparison, pairedComparison } from './bootstrap.js';
import { caseName, findCaseDirs, readCase } from './case-io.js';
import { type Accuracy, accuracy, atLevel, rankOf, type ScoreLevel, serviceOf } from './scoring.js';

/** One scored case. */
export interface CaseResult {
  /** The case directory relative to the evaluated root. */
  readonly case: string;
  readonly rootCause: string;
  /** 1-based place of the root cause in faultline's ranking, null when not ranked at all. */
  readonly rank: number | null;
  readonly top5: readonly string[];
  /** `case.json`'s `faultType`, when given. */
  readonly faultType?: string;
  /**
   * Place of the root cause under every other method (same cases): each baseline, and the
   * other ranker under its own name (`calibrated`, or `classic` when faultline is calibrated).
   */
  readonly otherRanks: Readonly<Record<string, number | null>>;
  /** Candidates ranked (at the scoring level): the random expectation of AC@k is k / this. */
  readonly candidates: number;
}

/** Summary figures of one method. */
export type MethodFigures = Pick<Accuracy, 'ac1' | 'ac3' | 'avg5'>;

/** Figures of faultline's ranker and of the baselines over one set of cases. */
export interface EvalReport {
  readonly cases: number;
  readonly ac1: number;
  readonly ac3: number;
  readonly avg5: number;
  readonly results: readonly CaseResult[];
  /** The same cases ranked by plain methods (see `BASELINES`). */
  readonly baselines: Readonly<Record<BaselineName, MethodFigures>>;
  /** Which ranker faultline's figures are (`--ranker`). */
  readonly ranker: RankerName;
  /** The other ranker on the same cases, under its own name. */
  readonly rankers: Readonly<Record<string, MethodFigures>>;
  /** Expected figures of a uniformly random ranking of each case's candidates. */
  readonly random: MethodFigures;
  /** Bootstrap 95 % intervals of AC@1 and Avg@5, per method (faultline, other ranker, baselines). */
  readonly intervals: Readonly<Record<string, { readonly ac1: Interval; readonly avg5: Interval }>>;
  /** faultline against n-sigma (`zscore`), case by case, on AC@1. */
  readonly pairedWithNSigma: PairedComparison;
  /** faultline against the other ranker, case by case, on AC@1. */
  readonly pairedWithOtherRanker: PairedComparison;
  /** The same figures per `faultType` (cases without one are under `unknown`). */
  readonly byFaultType: Readonly<Record<string, MethodSummary>>;
}

/** AC@1 / AC@3 / Avg@5 of every method and random on a subset of cases. */
export interface MethodSummary {
  readonly cases: number;
  readonly methods: Readonly<Record<string, MethodFigures>>;
}

/** Plain methods evaluated beside faultline's rankers. */
export type BaselineName = 'robust' | 'zscore' | 'correlation' | 'baro';

/**
 * The baselines: `robust` is the classic ranker's robust anomaly score alone (no correlation,
 * no callee discount), `zscore` n-sigma (max plain z-score), `correlation` the |correlation
 * with the SLI| alone, `baro` BARO's robust scorer (max |x - median| / IQR). All use the
 * same candidates and intervals as the classic ranker.
 */
export const BASELINES: Readonly<
  Record<BaselineName, (input: RankInput, o: Partial<RankOptions>) => string[]>
> = {
  robust: (input, o) =>
    rankRootCauses(input, {
      ...o,
      ranker: 'classic',
      correlationWeight: 0,
      calleeDiscount: 0,
    }).candidates.map((c) => c.node),
  zscore: (input, o) => rankByZScore(input, o).map((e) => e.node),
  correlation: (input, o) => rankByCorrelation(input, o).map((e) => e.node),
  baro: (input, o) => rankByBaro(input, o).map((e) => e.node),
};

/** Options of an evaluation run. */
export interface EvaluateOptions {
  /** Scoring level; `service` (default) drops a `-db` suffix on both sides. */
  readonly level?: ScoreLevel;
  /** Ranker options; the same for every case. */
  readonly rank?: Partial<RankOptions>;
  /** The ranker reported as faultline (default `DEFAULT_RANKER`); the other is reported beside it. */
  readonly ranker?: RankerName;
  /** Uniform [0, 1) source for the bootstrap; a fixed-seed LCG when absent. */
  readonly rand?: () => number;
  /** Changes each case's input before ranking (the `--sweep` perturbations). */
  readonly perturb?: (input: RankInput, caseDir: string) => RankInput;
}

/**
 * Ranks every case below `root` (any depth) that names a `rootCause`, with both of
 * faultline's rankers and the baselines, and scores them. Cases are read one at a time.
 * Throws `FL_CORRELATE_INVALID_CASE` on a malformed case.
 */
export async function evaluateCases(root: string, options: EvaluateOptions = {}): Promise<EvalReport> {
  const level = options.level ?? 'service';
  const rankOptions = options.rank ?? {};
  const ranker = options.ranker ?? DEFAULT_RANKER;
  const other = otherRanker(ranker);
  const results: CaseResult[] = [];
  for (const dir of await findCaseDirs(root)) {
    const loaded = await readCase(dir);
    const rootCause = loaded.spec.rootCause;
    if (rootCause === undefined) continue;
    const input = options.perturb === undefined ? loaded.input : options.perturb(loaded.input, dir);
    const truth = level === 'service' ? serviceOf(rootCause) : rootCause;
    const rankedBy = (name: RankerName) =>
      atLevel(
        rankRootCauses(input, { ...rankOptions, ranker: name }).candidates.map((c) => c.node),
        level,
      );
    const ranked = rankedBy(ranker);
    const otherRanks: Record<string, number | null> = { [other]: rankOf(rankedBy(other), truth) };
    for (const name of Object.keys(BASELINES) as BaselineName[]) {
      otherRanks[name] = rankOf(atLevel(BASELINES[name](input, rankOptions), level), truth);
    }
    results.push({
      case: caseName(root, dir),
      rootCause: truth,
      rank: rankOf(ranked, truth),
      top5: ranked.slice(0, 5),
      ...(loaded.spec.faultType === undefined ? {} : { faultType: loaded.spec.faultType }),
      otherRanks,
      candidates: ranked.length,
    });
  }
  return summarise(results, ranker, options.rand ?? lcg(1));
}

/** The ranker that is not `ranker`. */
export function otherRanker(ranker: RankerName): RankerName {
  return RANKER_NAMES.find((n) => n !== ranker)!;
}

/** The report's figures from scored cases (`ranker` is the one reported as faultline). */
export function summarise(
  results: readonly CaseResult[],
  ranker: RankerName,
  rand: () => number,
): EvalReport {
  const other = otherRanker(ranker);
  const names = [other, ...Object.keys(BASELINES)];
  const ranksOf = (rs: readonly CaseResult[], name: string) =>
    rs.map((r) => (name === 'faultline' ? r.rank : (r.otherRanks[name] ?? null)));
  const methodsOf = (rs: readonly CaseResult[]): Record<string, MethodFigures> => ({
    faultline: figures(accuracy(ranksOf(rs, 'faultline'))),
    ...Object.fromEntries(names.map((n) => [n, figures(accuracy(ranksOf(rs, n)))])),
    random: randomExpectation(rs),
  });
  const all = methodsOf(results);
  const intervals: Record<string, { ac1: Interval; avg5: Interval }> = {};
  for (const name of ['faultline', ...names]) {
    const ranks = ranksOf(results, name);
    intervals[name] = {
      ac1: bootstrapMean(
        ranks.map((r) => (r === 1 ? 1 : 0)),
        rand,
      ),
      avg5: bootstrapMean(
        ranks.map((r) => (r === null || r > 5 ? 0 : (6 - r) / 5)),
        rand,
      ),
    };
  }
  const hits = (name: string) => ranksOf(results, name).map((r) => (r === 1 ? 1 : 0));
  const byType = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = r.faultType ?? 'unknown';
    byType.set(key, [...(byType.get(key) ?? []), r]);
  }
  const own = accuracy(ranksOf(results, 'faultline'));
  return {
    cases: own.cases,
    ...figures(own),
    results,
    baselines: Object.fromEntries(
      (Object.keys(BASELINES) as BaselineName[]).map((n) => [n, all[n]!]),
    ) as Record<BaselineName, MethodFigures>,
    ranker,
    rankers: { [other]: all[other]! },
    random: all.random!,
    intervals,
    pairedWithNSigma: pairedComparison(hits('faultline'), hits('zscore'), rand),
    pairedWithOtherRanker: pairedComparison(hits('faultline'), hits(other), rand),
    byFaultType: Object.fromEntries(
      [...byType].sort().map(([type, rs]) => [type, { cases: rs.length, methods: methodsOf(rs) }]),
    ),
  };
}

const figures = (a: Accuracy): MethodFigures => ({ ac1: a.ac1, ac3: a.ac3, avg5: a.avg5 });

/** AC@k of a uniformly random order of n candidates is min(k, n) / n (0 when n is 0). */
function randomExpectation(results: readonly CaseResult[]): MethodFigures {
  const n = results.length;
  const at = (k: number) =>
    n === 0
      ? 0
      : results.reduce((s, r) => s + (r.candidates === 0 ? 0 : Math.min(k, r.candidates) / r.candidates), 0) /
        n;
  return { ac1: at(1), ac3: at(3), avg5: (at(1) + at(2) + at(3) + at(4) + at(5)) / 5 };
}

/** A small deterministic uniform source (for reproducible bootstrap intervals by default). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
