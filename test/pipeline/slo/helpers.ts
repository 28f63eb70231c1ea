import { expect } from 'vitest';
import { stringify } from 'yaml';
import { type SloProblem, SloSpecError } from '../../../pipeline/slo/errors.js';

/** The problems of the SloSpecError that `fn` throws; fails the test when it throws none. */
export function problemsOf(fn: () => unknown): SloProblem[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SloSpecError);
    expect((err as SloSpecError).code).toBe('FL_SLO_INVALID');
    return [...(err as SloSpecError).problems];
  }
  throw new Error('expected an SloSpecError');
}

/** YAML text of several documents. */
export function yamlDocs(...docs: unknown[]): string {
  return docs.map((doc) => stringify(doc)).join('---\n');
}
