import { type EvalReport, evaluateCases } from '../correlate/eval/evaluate.js';
import { sweepVariants } from '../correlate/eval/sweep.js';
import { parseCommandArgs } from './rca.js';

const HELP = `usage: faultline rca-eval --cases <dir> [--json] [--level service|node] [--sweep]

Ranks every case below <dir> (any depth) whose case.json names a rootCause and prints
AC@1, AC@3 and Avg@5 (fractions), for faultline and for the plain baselines (robust
anomaly alone, max z-score, correlation alone). --level service (default) maps a node to its
service by dropping a "-db" suffix before scoring. --json prints one object:
{"cases", "ac1", "ac3", "avg5", "results": [{"case", "rootCause", "rank", "top5"}], "baselines"}
where rank is 1-based, or null when the root cause is not ranked at all, plus "random",
"intervals" (bootstrap 95 %), "pairedWithNSigma" and "byFaultType".
--sweep also evaluates every robustness variant (anomaly time -120..+120 s, coarser steps,
30 % of signals dropped, no graph, shuffled graph); with --json under "sweep".`;

/** `faultline rca-eval`: offline evaluation over a folder of cases. */
export async function rcaEvalCommand(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    {
      cases: { type: 'string' },
      json: { type: 'boolean' },
      level: { type: 'string' },
      sweep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === null) return 0;
  const level = values?.level ?? 'service';
  if (values === undefined || values.cases === undefined || (level !== 'service' && level !== 'node')) {
    if (values !== undefined)
      process.stderr.write(`faultline: rca-eval needs --cases <dir> (--level service|node)\n${HELP}\n`);
    return 2;
  }
  const report = await evaluateCases(values.cases, { level });
  const sweep: Record<string, EvalReport> = {};
  if (values.sweep) {
    for (const v of sweepVariants())
      sweep[v.name] = await evaluateCases(values.cases, { level, perturb: v.perturb });
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(values.sweep ? { ...report, sweep } : report)}\n`);
  } else {
    process.stdout.write(formatReport(report, level));
    if (values.sweep) process.stdout.write(formatSweep(sweep));
  }
  return 0;
}

/** The human-readable summary `faultline rca-eval` prints. */
export function formatReport(report: EvalReport, level: string): string {
  const row = (name: string, f: { ac1: number; ac3: number; avg5: number }) =>
    `${name.padEnd(13)}${f.ac1.toFixed(3).padStart(7)}${f.ac3.toFixed(3).padStart(7)}${f.avg5.toFixed(3).padStart(7)}`;
  const lines = [
    `${report.cases} cases with a rootCause, scored at ${level} level`,
    '',
    `${'method'.padEnd(13)}${'AC@1'.padStart(7)}${'AC@3'.padStart(7)}${'Avg@5'.padStart(7)}`,
    row('faultline', report),
    ...Object.entries(report.baselines).map(([name, f]) => row(name, f)),
    row('random', report.random),
    '',
    'bootstrap 95 % intervals (AC@1, Avg@5):',
    ...Object.entries(report.intervals).map(
      ([name, i]) =>
        `  ${name.padEnd(12)} AC@1 [${i.ac1.low.toFixed(2)}, ${i.ac1.high.toFixed(2)}]  Avg@5 [${i.avg5.low.toFixed(2)}, ${i.avg5.high.toFixed(2)}]`,
    ),
    `faultline - n-sigma (AC@1, paired): ${report.pairedWithNSigma.meanDifference.toFixed(3)} [${report.pairedWithNSigma.interval.low.toFixed(2)}, ${report.pairedWithNSigma.interval.high.toFixed(2)}], only faultline ${report.pairedWithNSigma.onlyA}, only n-sigma ${report.pairedWithNSigma.onlyB}, sign test p ${report.pairedWithNSigma.signTestP.toFixed(3)}`,
  ];
  const types = Object.entries(report.byFaultType);
  if (types.length > 1 || types[0]?.[0] !== 'unknown') {
    lines.push('', 'per fault type, AC@1 (faultline / robust / zscore / correlation / random):');
    for (const [type, t] of types) {
      const m = t.methods;
      const f = (name: string) => (m[name]?.ac1 ?? 0).toFixed(2);
      lines.push(
        `  ${type.padEnd(16)} n=${t.cases}  ${['faultline', 'robust', 'zscore', 'correlation', 'random'].map(f).join(' / ')}`,
      );
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

/** The `--sweep` table: AC@1 and Avg@5 of faultline and n-sigma per variant. */
export function formatSweep(sweep: Readonly<Record<string, EvalReport>>): string {
  const lines = ['', `${'variant'.padEnd(18)}  faultline AC@1/Avg@5   n-sigma AC@1/Avg@5   robust AC@1`];
  for (const [name, r] of Object.entries(sweep)) {
    lines.push(
      `${name.padEnd(18)}  ${r.ac1.toFixed(2)} / ${r.avg5.toFixed(2)}          ${r.baselines.zscore.ac1.toFixed(2)} / ${r.baselines.zscore.avg5.toFixed(2)}          ${r.baselines.robust.ac1.toFixed(2)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
