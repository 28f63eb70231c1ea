import { FaultlineError } from '../core/faultline-error.js';

export const ConfigErrorCode = {
  /** The file parses but a field is missing, misspelt or of the wrong shape. */
  Invalid: 'FL_CONFIG_INVALID',
  /** The file cannot be read or is not YAML. */
  Unreadable: 'FL_CONFIG_UNREADABLE',
} as const;

/** One problem found in a configuration source. */
export interface ConfigProblem {
  /** The file path, or the environment variable, that supplied the bad value. */
  source: string;
  /** Dotted path of the bad field, e.g. `kafka.brokers.0`; '' for the whole document. */
  path: string;
  /** What was expected there. */
  expected: string;
}

/**
 * A configuration that cannot be used. Its message names the source (a file path or an
 * environment variable), the field and what was expected, one line per problem.
 */
export class ConfigError extends FaultlineError {
  readonly problems: readonly ConfigProblem[];

  constructor(code: string, problems: ConfigProblem[], options?: ErrorOptions) {
    const lines = problems.map((p) => `${p.source}: ${p.path === '' ? '(document)' : p.path}: ${p.expected}`);
    super(code, `invalid configuration\n${lines.join('\n')}`, { problems }, options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
