import { rankByBaro, rankByCorrelation, rankByZScore } from '../baselines.js';
import { rankRootCauses } from '../rank.js';
import type { RankInput, RankOptions } from '../types.js';
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
  const baselineRanks: Record<BaselineName, Array<number | null>> = {
    robust: [],
    zscore: [],
    correlation: [],
  };
  for (const dir of await findCaseDirs(root)) {
    const loaded = await readCase(dir);
    const rootCause = loaded.spec.rootCause;
    if (rootCause === undefined) continue;
    const truth = level === 'service' ? serviceOf(rootCause) : rootCause;
    const ranked = atLevel(
      rankRootCauses(loaded.input, rankOptions).candidates.map((c) => c.node),
      level,
    );
    results.push({
      case: caseName(root, dir),
      rootCause: truth,
      rank: rankOf(ranked, truth),
      top5: ranked.slice(0, 5),
    });
    for (const name of Object.keys(BASELINES) as BaselineName[]) {
      baselineRanks[name].push(rankOf(atLevel(BASELINES[name](loaded.input, rankOptions), level), truth));
    }
  }
  const own = accuracy(results.map((r) => r.rank));
  const figures = (a: Accuracy): MethodFigures => ({ ac1: a.ac1, ac3: a.ac3, avg5: a.avg5 });
  return {
    cases: own.cases,
    ...figures(own),
    results,
    baselines: {
      robust: figures(accuracy(baselineRanks.robust)),
      zscore: figures(accuracy(baselineRanks.zscore)),
      correlation: figures(accuracy(baselineRanks.correlation)),
    },
  };
}
