import { FaultlineError } from '../../core/faultline-error.js';

/** Stable error codes of the SLO spec loader. */
export const SloErrorCode = {
  /** An SLO spec file is missing, not YAML, or holds a document that cannot be used. */
  Invalid: 'FL_SLO_INVALID',
} as const;

/** One problem found in an SLO spec file. */
export interface SloProblem {
  /** The file, as it was given to the loader. */
  file: string;
  /**
   * The SLO (or SLI) the problem belongs to: the native id `<service>/<name>`, the OpenSLO
   * `metadata.name`, `(document N)` when the document names none, or '' for the whole file.
   */
  slo: string;
  /** Path of the bad field, relative to the SLO entry when `slo` names one; '' for all of it. */
  path: string;
  /** What was expected there. */
  expected: string;
}

/**
 * SLO specs that cannot be used. Every problem found across all the files is listed, one
 * line each: file, SLO, field and what was expected.
 */
export class SloSpecError extends FaultlineError {
  readonly problems: readonly SloProblem[];

  constructor(problems: SloProblem[], options?: ErrorOptions) {
    const lines = problems.map(describeSloProblem);
    super(
      SloErrorCode.Invalid,
      `the SLO specs cannot be used:\n  ${lines.join('\n  ')}`,
      { problems },
      options,
    );
    this.name = 'SloSpecError';
    this.problems = problems;
  }
}

/**
 * One problem as a sentence naming the file, the SLO, the field and what was expected:
 * `In slos.yaml, SLO checkout/avail: the field objective is wrong: expected at most 1.`
 */
export function describeSloProblem(p: SloProblem): string {
  const where = p.slo === '' ? `In ${p.file}` : `In ${p.file}, SLO ${p.slo}`;
  const what = p.expected.endsWith('.') ? p.expected : `${p.expected}.`;
  if (p.path === '') return `${where}: ${what}`;
  if (p.expected === 'unknown field') return `${where}: ${p.path} is an unknown field.`;
  return `${where}: the field ${p.path} is wrong: ${what}`;
}
