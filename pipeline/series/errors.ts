import { FaultlineError } from '../../core/faultline-error.js';

/** Stable error codes of the signal series. */
export const SeriesErrorCode = {
  /** An option (resolution, retention, caps, key prefix) is out of range. */
  InvalidOptions: 'FL_SERIES_INVALID_OPTIONS',
  /** A batch was aggregated at another resolution than the store keeps, or a bucket is misaligned. */
  ResolutionMismatch: 'FL_SERIES_RESOLUTION_MISMATCH',
  /** A query's time range is not a pair of finite numbers with `fromMs <= toMs`. */
  InvalidQuery: 'FL_SERIES_INVALID_QUERY',
  /** The store was used after `close()`. */
  Closed: 'FL_SERIES_CLOSED',
} as const;

export type SeriesErrorCode = (typeof SeriesErrorCode)[keyof typeof SeriesErrorCode];

/** A failure of the series aggregator or a series store; match on `code`. */
export class SeriesError extends FaultlineError {
  constructor(code: SeriesErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'SeriesError';
  }
}
