#!/usr/bin/env node
import { FaultlineError } from '../core/faultline-error.js';
import { backtestCommand } from './backtest.js';
import { convertSockshopCommand } from './convert-sockshop.js';
import { rcaCommand } from './rca.js';
import { rcaEvalCommand } from './rca-eval.js';
import { serveCommand } from './serve.js';
import { simCommand } from './sim.js';
import { UsageError } from './usage.js';
import { validateCommand } from './validate.js';

/** Subcommands of the `faultline` bin; later capabilities add theirs here. */
const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => Promise<number> }> = {
  serve: { summary: 'run the engine (default)', run: serveCommand },
  sim: { summary: 'simulate a microservice system: OTLP traffic with faults, RCA cases', run: simCommand },
  rca: { summary: 'rank root-cause candidates of a recorded case', run: rcaCommand },
  'rca-eval': { summary: 'score root-cause ranking over recorded cases', run: rcaEvalCommand },
  'convert-sockshop': { summary: 'convert the Sock Shop fault data to cases', run: convertSockshopCommand },
  validate: {
    summary: 'check the config and SLO files without starting anything (for CI)',
    run: validateCommand,
  },
  backtest: {
    summary: 'replay recorded OTLP data in event time and print the alert timeline',
    run: backtestCommand,
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(17)} ${c.summary}`);
  return `usage: faultline [command] [options]\n\ncommands:\n${lines.join('\n')}\n\nrun 'faultline <command> --help' for its options`;
}

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const named = first !== undefined && !first.startsWith('-');
  const name = named ? first : 'serve';
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`faultline: unknown command '${name}' [FL_CLI_USAGE]\n\n${usage()}\n`);
    return 2;
  }
  return command.run(named ? argv.slice(1) : argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`faultline: ${err.message} [${err.code}]\n\n${err.usage}\n`);
      process.exitCode = 2;
    } else if (err instanceof FaultlineError) {
      process.stderr.write(`faultline: ${err.message} [${err.code}]\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`faultline: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
