import { type EvalReport, evaluateCases } from '../correlate/eval/evaluate.js';
import { parseCommandArgs } from './rca.js';

const HELP = `usage: faultline rca-eval --cases <dir> [--json] [--level service|node]

Ranks every case below <dir> (any depth) whose case.json names a rootCause and prints
AC@1, AC@3 and Avg@5 (fractions), for faultline and for the plain baselines (robust
anomaly alone, max z-score, correlation alone). --level service (default) maps a node to its
service by dropping a "-db" suffix before scoring. --json prints one object:
{"cases", "ac1", "ac3", "avg5", "results": [{"case", "rootCause", "rank", "top5"}], "baselines"}
where rank is 1-based, or null when the root cause is not ranked at all.`;

/** `faultline rca-eval`: offline evaluation over a folder of cases. */
export async function rcaEvalCommand(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    {
      cases: { type: 'string' },
      json: { type: 'boolean' },
      level: { type: 'string' },
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
  process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatReport(report, level));
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
  ];
  const misses = report.results.filter((r) => r.rank !== 1);
  if (misses.length > 0) {
    lines.push('', 'cases not ranked first by faultline:');
    for (const m of misses) {
      lines.push(`  ${m.case}: ${m.rootCause} at ${m.rank ?? 'not ranked'}; top 5 ${m.top5.join(', ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
