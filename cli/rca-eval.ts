import type { PairedComparison } from '../correlate/eval/bootstrap.js';
import { type EvalReport, evaluateCases, otherRanker } from '../correlate/eval/evaluate.js';
import { sweepVariants } from '../correlate/eval/sweep.js';
import { DEFAULT_RANKER } from '../correlate/options.js';
import { parseCommandArgs } from './rca.js';

const HELP = `usage: faultline rca-eval --cases <dir> [--json [--stats]] [--level service|node]
                         [--ranker classic|calibrated] [--sweep]

Ranks every case below <dir> (any depth) whose case.json names a rootCause and prints
AC@1, AC@3 and Avg@5 (fractions), for faultline, for its other ranker, and for the plain
baselines (robust anomaly alone, max z-score, correlation alone, BARO) and a random order.
--ranker (default classic) picks which ranker is reported as faultline; the other one is
reported under its own name. --level service (default) maps a node to its service by
dropping a "-db" suffix before scoring. --json prints one object:
{"cases", "ac1", "ac3", "avg5", "results": [{"case", "rootCause", "rank", "top5"}], "baselines"}
where rank is 1-based, or null when the root cause is not ranked at all; --stats adds after
them "ranker", "rankers", "random", "intervals" (bootstrap 95 %), "pairedWithNSigma",
"pairedWithOtherRanker" and "byFaultType", and "baro" under "baselines".
--sweep also evaluates every robustness variant (anomaly time -120..+120 s, coarser steps,
30 % of signals dropped, no graph, shuffled graph); with --json under "sweep".`;

/** The baselines of the plain `--json` object (its keys are a contract scripts read). */
const JSON_BASELINES = ['robust', 'zscore', 'correlation'] as const;

/** `faultline rca-eval`: offline evaluation over a folder of cases. */
export async function rcaEvalCommand(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    {
      cases: { type: 'string' },
      json: { type: 'boolean' },
      stats: { type: 'boolean' },
      level: { type: 'string' },
      ranker: { type: 'string' },
      sweep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === null) return 0;
  const level = values?.level ?? 'service';
  const ranker = values?.ranker ?? DEFAULT_RANKER;
  if (
    values === undefined ||
    values.cases === undefined ||
    (level !== 'service' && level !== 'node') ||
    (ranker !== 'classic' && ranker !== 'calibrated')
  ) {
    if (values !== undefined)
      process.stderr.write(
        `faultline: rca-eval needs --cases <dir> (--level service|node, --ranker classic|calibrated)\n${HELP}\n`,
      );
    return 2;
  }
  const report = await evaluateCases(values.cases, { level, ranker });
  const sweep: Record<string, EvalReport> = {};
  if (values.sweep) {
    for (const v of sweepVariants())
      sweep[v.name] = await evaluateCases(values.cases, { level, ranker, perturb: v.perturb });
  }
  if (values.json) {
    const out = values.stats ? report : plainJson(report);
    process.stdout.write(`${JSON.stringify(values.sweep ? { ...out, sweep } : out)}\n`);
  } else {
    process.stdout.write(formatReport(report, level));
    if (values.sweep) process.stdout.write(formatSweep(sweep));
  }
  return 0;
}

/** The `--json` object without `--stats`: exactly the keys documented before the statistics. */
function plainJson(report: EvalReport) {
  return {
    cases: report.cases,
    ac1: report.ac1,
    ac3: report.ac3,
    avg5: report.avg5,
    results: report.results.map(({ case: c, rootCause, rank, top5 }) => ({ case: c, rootCause, rank, top5 })),
    baselines: Object.fromEntries(JSON_BASELINES.map((n) => [n, report.baselines[n]])),
  };
}

/** The human-readable summary `faultline rca-eval` prints. */
export function formatReport(report: EvalReport, level: string): string {
  const row = (name: string, f: { ac1: number; ac3: number; avg5: number }) =>
    `${name.padEnd(13)}${f.ac1.toFixed(3).padStart(7)}${f.ac3.toFixed(3).padStart(7)}${f.avg5.toFixed(3).padStart(7)}`;
  const other = otherRanker(report.ranker);
  const lines = [
    `${report.cases} cases with a rootCause, scored at ${level} level; faultline is the ${report.ranker} ranker`,
    '',
    `${'method'.padEnd(13)}${'AC@1'.padStart(7)}${'AC@3'.padStart(7)}${'Avg@5'.padStart(7)}`,
    row('faultline', report),
    ...Object.entries(report.rankers).map(([name, f]) => row(name, f)),
    ...Object.entries(report.baselines).map(([name, f]) => row(name, f)),
    row('random', report.random),
    '',
    'bootstrap 95 % intervals (AC@1, Avg@5):',
    ...Object.entries(report.intervals).map(
      ([name, i]) =>
        `  ${name.padEnd(12)} AC@1 [${i.ac1.low.toFixed(2)}, ${i.ac1.high.toFixed(2)}]  Avg@5 [${i.avg5.low.toFixed(2)}, ${i.avg5.high.toFixed(2)}]`,
    ),
    paired('n-sigma', report.pairedWithNSigma),
    paired(other, report.pairedWithOtherRanker),
  ];
  const types = Object.entries(report.byFaultType);
  if (types.length > 1 || types[0]?.[0] !== 'unknown') {
    const names = ['faultline', other, 'robust', 'zscore', 'correlation', 'baro', 'random'];
    lines.push('', `per fault type, AC@1 (${names.join(' / ')}):`);
    for (const [type, t] of types) {
      const f = (name: string) => (t.methods[name]?.ac1 ?? 0).toFixed(2);
      lines.push(`  ${type.padEnd(16)} n=${t.cases}  ${names.map(f).join(' / ')}`);
    }
  }
  const misses = report.results.filter((r) => r.rank !== 1);
  if (misses.length > 0) {
    lines.push('', 'cases not ranked first by faultline:');
    for (const m of misses) {
      lines.push(`  ${m.case}: ${m.rootCause} at ${m.rank ?? 'not ranked'}; top 5 ${m.top5.join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One paired AC@1 comparison line: faultline against `name`. */
function paired(name: string, p: PairedComparison): string {
  return `faultline - ${name} (AC@1, paired): ${p.meanDifference.toFixed(3)} [${p.interval.low.toFixed(2)}, ${p.interval.high.toFixed(2)}], only faultline ${p.onlyA}, only ${name} ${p.onlyB}, sign test p ${p.signTestP.toFixed(3)}`;
}

/** The `--sweep` table: AC@1 and Avg@5 of faultline, its other ranker and n-sigma per variant. */
export function formatSweep(sweep: Readonly<Record<string, EvalReport>>): string {
  const pair = (f: { ac1: number; avg5: number } | undefined) =>
    f === undefined ? '-' : `${f.ac1.toFixed(2)} / ${f.avg5.toFixed(2)}`;
  const lines = [
    '',
    `${'variant'.padEnd(18)}  ${'faultline'.padEnd(13)}  ${'other ranker'.padEnd(13)}  ${'n-sigma'.padEnd(13)}  robust AC@1   (AC@1 / Avg@5)`,
  ];
  for (const [name, r] of Object.entries(sweep)) {
    const otherFigures = Object.values(r.rankers)[0];
    lines.push(
      `${name.padEnd(18)}  ${pair(r).padEnd(13)}  ${pair(otherFigures).padEnd(13)}  ${pair(r.baselines.zscore).padEnd(13)}  ${r.baselines.robust.ac1.toFixed(2)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
