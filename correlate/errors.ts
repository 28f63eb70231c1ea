import { FaultlineError } from '../core/faultline-error.js';

/** Stable error codes of root-cause ranking and its offline evaluation. */
export const CorrelateErrorCode = {
  /** The ranker was given an unusable input (a non-finite anomaly time, a bad option). */
  InvalidInput: 'FL_CORRELATE_INVALID_INPUT',
  /** A case directory is missing a file or holds a malformed `case.json` or CSV. */
  InvalidCase: 'FL_CORRELATE_INVALID_CASE',
  /** A dataset to convert does not have the expected layout. */
  InvalidDataset: 'FL_CORRELATE_INVALID_DATASET',
} as const;

export type CorrelateErrorCode = (typeof CorrelateErrorCode)[keyof typeof CorrelateErrorCode];

/** A failure of correlate; match on `code`. */
export class CorrelateError extends FaultlineError {
  constructor(code: CorrelateErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'CorrelateError';
  }
}
