import type { ParseArgsConfig, parseArgs } from 'node:util';
import { readCase } from '../correlate/eval/case-io.js';
import { rankRootCauses } from '../correlate/rank.js';
import type { Candidate, Ranking } from '../correlate/types.js';
import { parseCliArgs } from './usage.js';

const HELP = `usage: faultline rca --case <dir> [--json] [--top N]

Ranks the root-cause candidates of one recorded case: <dir>/case.json, <dir>/metrics.csv
and, when present, <dir>/graph.csv (the case format is in docs/root-cause.md).
--json prints {"case", ...ranking} with every candidate and its evidence.`;

/**
 * Parses a subcommand's arguments; a usage error throws UsageError (the bin prints it with
 * the help and exits 2). Prints the help and returns null on --help.
 */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(
  argv: string[],
  options: T,
  help: string,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true }>>['values'] | undefined | null {
  const { values } = parseCliArgs(argv, { ...options }, help);
  if ((values as Record<string, unknown>).help === true) {
    process.stdout.write(`${help}\n`);
    return null;
  }
  return values as never;
}

/** `faultline rca`: rank one case and print the candidates. */
export async function rcaCommand(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    {
      case: { type: 'string' },
      json: { type: 'boolean' },
      top: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === null) return 0;
  const top = values?.top === undefined ? 10 : Number(values.top);
  if (values === undefined || values.case === undefined || !Number.isInteger(top) || top < 1) {
    if (values !== undefined)
      process.stderr.write(`faultline: rca needs --case <dir> (and --top a positive integer)\n${HELP}\n`);
    return 2;
  }
  const loaded = await readCase(values.case);
  const ranking = rankRootCauses(loaded.input);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ case: values.case, ...ranking })}\n`);
    return 0;
  }
  process.stdout.write(formatRanking(values.case, loaded.input.slo, ranking, top));
  return 0;
}

/** The human-readable ranking `faultline rca` prints. */
export function formatRanking(
  name: string,
  slo: { node: string; signal: string },
  r: Ranking,
  top: number,
): string {
  const lines = [
    `case ${name}: SLO ${slo.node}/${slo.signal}, window ${new Date(r.window.from).toISOString()} .. ${new Date(r.window.to).toISOString()}`,
    `topology: ${r.usedTopology ? 'yes' : 'no (every node is a candidate)'}; SLI series: ${r.sliAvailable ? 'yes' : 'no (correlation not used)'}`,
    '',
    `${'rank'.padEnd(5)}${'node'.padEnd(20)}${'score'.padStart(12)}  evidence`,
  ];
  for (const c of r.candidates.slice(0, top)) lines.push(candidateLine(c));
  if (r.candidates.length > top) lines.push(`... ${r.candidates.length - top} more`);
  if (r.unscored.length > 0) lines.push(`not scored (no usable series): ${r.unscored.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function candidateLine(c: Candidate): string {
  const evidence = c.signals
    .map(
      (s) =>
        `${s.signal} anomaly ${fmt(s.anomaly)} r ${s.correlation === null ? '-' : s.correlation.toFixed(2)}`,
    )
    .join('; ');
  const extra = [
    c.path === null ? '' : `path ${c.path.join(' > ')}`,
    c.explainedBy === null ? '' : `partly explained by ${c.explainedBy}`,
  ].filter((s) => s !== '');
  const tail = extra.length > 0 ? ` (${extra.join(', ')})` : '';
  return `${String(c.rank).padEnd(5)}${c.node.padEnd(20)}${fmt(c.score).padStart(12)}  ${evidence}${tail}`;
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e5 ? x.toExponential(2) : x.toFixed(2);
}
