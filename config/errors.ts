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
  /** What was expected there, starting "expected ..." or "unknown field ...". */
  expected: string;
  /** True when `source` is an environment variable rather than a file. */
  variable?: boolean;
}

/**
 * One problem as a sentence a person can act on: where (file or variable), which field,
 * what was expected. `In faultline.yaml, the field http.port is wrong: expected a number.`
 */
export function describeProblem(p: ConfigProblem): string {
  const what = p.expected.endsWith('.') ? p.expected : `${p.expected}.`;
  if (p.path === '') return `${p.source} cannot be used: ${what}`;
  if (p.expected.startsWith('unknown field')) return `In ${p.source}, ${p.path} has an ${what}`;
  if (p.variable) return `${p.source} (it sets the field ${p.path}) is wrong: ${what}`;
  return `In ${p.source}, the field ${p.path} is wrong: ${what}`;
}

/**
 * A configuration that cannot be used. Its message names the source (a file path or an
 * environment variable), the field and what was expected, one line per problem.
 */
export class ConfigError extends FaultlineError {
  readonly problems: readonly ConfigProblem[];

  constructor(code: string, problems: ConfigProblem[], options?: ErrorOptions) {
    const lines = problems.map(describeProblem);
    super(code, `the configuration cannot be used:\n  ${lines.join('\n  ')}`, { problems }, options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
