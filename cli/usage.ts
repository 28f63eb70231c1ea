import { type ParseArgsConfig, parseArgs } from 'node:util';
import { FaultlineError } from '../core/faultline-error.js';

export const CliErrorCode = {
  /** An unknown command, an unknown option or an option without its value. */
  Usage: 'FL_CLI_USAGE',
} as const;

/**
 * A command line that cannot run as given. The bin prints the message, then `usage`, and
 * exits 2 without a stack trace: the person typing needs the right spelling, not our code.
 */
export class UsageError extends FaultlineError {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(CliErrorCode.Usage, message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `parseArgs` in strict mode whose mistakes (unknown option, missing value) become a
 * UsageError carrying the command's usage text.
 */
export function parseCliArgs<O extends Options, P extends boolean = false>(
  argv: string[],
  options: O,
  usage: string,
  allowPositionals?: P,
) {
  try {
    return parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: (allowPositionals ?? false) as P,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS_')) throw err;
    // Node appends a hint about '--' that reads as noise to someone who mistyped an option.
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message, usage);
  }
}
