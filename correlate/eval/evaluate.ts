import { rankByBaro, rankByCorrelation, rankByZScore } from '../baselines.js';
import { rankRootCauses } from '../rank.js';
import type { RankInput, RankOptions } from '../types.js';
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
  /** Place of the root cause under each baseline (same candidates). */
  readonly baselineRanks: Readonly<Record<BaselineName, number | null>>;
  /** Candidates ranked (at the scoring level): the random expectation of AC@k is k / this. */
  readonly candidates: number;
}

/** Summary figures of one method. */
export type MethodFigures = Pick<Accuracy, 'ac1' | 'ac3' | 'avg5'>;

/** What `faultline rca-eval --json` prints. */
export interface EvalReport {
  readonly cases: number;
  readonly ac1: number;
  readonly ac3: number;
  readonly avg5: number;
  readonly results: readonly CaseResult[];
  /** The same cases ranked by plain methods (see `BASELINES`). */
  readonly baselines: Readonly<Record<BaselineName, MethodFigures>>;
  /** Expected figures of a uniformly random ranking of each case's candidates. */
  readonly random: MethodFigures;
  /** Bootstrap 95 % intervals of AC@1 and Avg@5, per method (`faultline` and the baselines). */
  readonly intervals: Readonly<Record<string, { readonly ac1: Interval; readonly avg5: Interval }>>;
  /** faultline against n-sigma (`zscore`), case by case, on AC@1. */
  readonly pairedWithNSigma: PairedComparison;
  /** The same figures per `faultType` (cases without one are under `unknown`). */
  readonly byFaultType: Readonly<Record<string, MethodSummary>>;
}

/** AC@1 / Avg@5 of faultline, each baseline and random on a subset of cases. */
export interface MethodSummary {
  readonly cases: number;
  readonly methods: Readonly<Record<string, MethodFigures>>;
}

/** Plain methods evaluated beside faultline's ranker. */
export type BaselineName = 'robust' | 'zscore' | 'correlation';

/**
 * The baselines: `robust` is BARO's robust scorer (max |x - median| / IQR), `zscore` n-sigma
 * (max plain z-score), `correlation` the |correlation with the SLI| alone. All use the same
 * candidates and intervals as faultline's ranker.
 */
export const BASELINES: Readonly<
  Record<BaselineName, (input: RankInput, o: Partial<RankOptions>) => string[]>
> = {
  robust: (input, o) => rankByBaro(input, o).map((e) => e.node),
  zscore: (input, o) => rankByZScore(input, o).map((e) => e.node),
  correlation: (input, o) => rankByCorrelation(input, o).map((e) => e.node),
};

/** Options of an evaluation run. */
export interface EvaluateOptions {
  /** Scoring level; `service` (default) drops a `-db` suffix on both sides. */
  readonly level?: ScoreLevel;
  /** Ranker options; the same for every case. */
  readonly rank?: Partial<RankOptions>;
  /** Uniform [0, 1) source for the bootstrap; a fixed-seed LCG when absent. */
  readonly rand?: () => number;
  /** Changes each case's input before ranking (the `--sweep` perturbations). */
  readonly perturb?: (input: RankInput, caseDir: string) => RankInput;
}

/**
 * Ranks every case below `root` (any depth) that names a `rootCause`, with faultline's
 * ranker and the baselines, and scores them. Cases are read one at a time. Throws
 * `FL_CORRELATE_INVALID_CASE` on a malformed case.
 */
export async function evaluateCases(root: string, options: EvaluateOptions = {}): Promise<EvalReport> {
  const level = options.level ?? 'service';
  const rankOptions = options.rank ?? {};
  const results: CaseResult[] = [];
  for (const dir of await findCaseDirs(root)) {
    const loaded = await readCase(dir);
    const rootCause = loaded.spec.rootCause;
    if (rootCause === undefined) continue;
    const input = options.perturb === undefined ? loaded.input : options.perturb(loaded.input, dir);
    const truth = level === 'service' ? serviceOf(rootCause) : rootCause;
    const ranked = atLevel(
      rankRootCauses(input, rankOptions).candidates.map((c) => c.node),
      level,
    );
    const baselineRanks = {} as Record<BaselineName, number | null>;
    for (const name of Object.keys(BASELINES) as BaselineName[]) {
      baselineRanks[name] = rankOf(atLevel(BASELINES[name](input, rankOptions), level), truth);
    }
    results.push({
      case: caseName(root, dir),
      rootCause: truth,
      rank: rankOf(ranked, truth),
      top5: ranked.slice(0, 5),
      ...(loaded.spec.faultType === undefined ? {} : { faultType: loaded.spec.faultType }),
      baselineRanks,
      candidates: ranked.length,
    });
  }
  return summarise(results, options.rand ?? lcg(1));
}

/** The report's figures from scored cases. */
export function summarise(results: readonly CaseResult[], rand: () => number): EvalReport {
  const own = accuracy(results.map((r) => r.rank));
  const baseline = (name: BaselineName) => figures(accuracy(results.map((r) => r.baselineRanks[name])));
  const methods: Record<string, ReadonlyArray<number | null>> = {
    faultline: results.map((r) => r.rank),
    ...Object.fromEntries(
      (Object.keys(BASELINES) as BaselineName[]).map((n) => [n, results.map((r) => r.baselineRanks[n])]),
    ),
  };
  const intervals: Record<string, { ac1: Interval; avg5: Interval }> = {};
  for (const [name, ranks] of Object.entries(methods)) {
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
  const hits = (ranks: ReadonlyArray<number | null>) => ranks.map((r) => (r === 1 ? 1 : 0));
  const byType = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = r.faultType ?? 'unknown';
    byType.set(key, [...(byType.get(key) ?? []), r]);
  }
  return {
    cases: own.cases,
    ...figures(own),
    results,
    baselines: {
      robust: baseline('robust'),
      zscore: baseline('zscore'),
      correlation: baseline('correlation'),
    },
    random: randomExpectation(results),
    intervals,
    pairedWithNSigma: pairedComparison(hits(methods.faultline!), hits(methods.zscore!), rand),
    byFaultType: Object.fromEntries(
      [...byType].sort().map(([type, rs]) => [
        type,
        {
          cases: rs.length,
          methods: {
            faultline: figures(accuracy(rs.map((r) => r.rank))),
            ...Object.fromEntries(
              (Object.keys(BASELINES) as BaselineName[]).map((n) => [
                n,
                figures(accuracy(rs.map((r) => r.baselineRanks[n]))),
              ]),
            ),
            random: randomExpectation(rs),
          },
        },
      ]),
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
