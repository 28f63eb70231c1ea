import { parseArgs } from 'node:util';
import { findProblems } from './validate-problems.js';

const HELP = `usage: faultline validate [--config faultline.yaml] [SLO files...]

Checks the configuration and the SLO spec files without starting anything: every problem
is printed on its own line as "file: field: expected", and the exit code is 1 when there
is any (0 when all is well, 2 for a wrong command line). SLO files given here replace
those the config names. Also reports burn-rate tiers that are unsafe for an SLO's period:
a long window not shorter than the period, or a factor not above 1. FAULTLINE_*
environment variables apply, as they do for 'serve'.`;

/** `faultline validate`: for CI pipelines that check SLO and config changes before they ship. */
export async function validateCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    process.stderr.write(`faultline validate: ${(err as Error).message}\n${HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const { problems, slos, files } = findProblems({
    ...(parsed.values.config === undefined ? {} : { configFile: parsed.values.config }),
    sloFiles: parsed.positionals,
    env: process.env,
  });
  for (const p of problems) {
    process.stdout.write(`${[p.source, p.field, p.expected].filter((part) => part !== '').join(': ')}\n`);
  }
  if (problems.length > 0) {
    process.stderr.write(`faultline validate: ${problems.length} problem(s)\n`);
    return 1;
  }
  process.stdout.write(
    `ok: ${slos} SLO(s) in ${files} file(s), config ${parsed.values.config ?? '(defaults)'}\n`,
  );
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
}
