import { SeriesError, SeriesErrorCode } from './errors.js';

/** Time layout shared by the aggregator and the stores; they must agree. */
export interface SeriesOptions {
  /** Bucket width, milliseconds; a whole number dividing a day. Default 10 000 (10 s). */
  resolutionMs?: number;
  /** How long buckets are kept, milliseconds; at least one bucket. Default 86 400 000 (24 h). */
  retentionMs?: number;
}

export const DEFAULT_RESOLUTION_MS = 10_000;
export const DEFAULT_RETENTION_MS = 86_400_000;
/** Default cap on distinct subjects (see the aggregator). */
export const DEFAULT_MAX_SUBJECTS = 10_000;

const DAY_MS = 86_400_000;

/** The options with defaults applied; throws `FL_SERIES_INVALID_OPTIONS` when out of range. */
export function resolveSeriesOptions(options: SeriesOptions = {}): Required<SeriesOptions> {
  const resolutionMs = options.resolutionMs ?? DEFAULT_RESOLUTION_MS;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  if (!Number.isInteger(resolutionMs) || resolutionMs <= 0 || DAY_MS % resolutionMs !== 0) {
    throw invalid('resolutionMs', 'a positive whole number of milliseconds dividing a day', resolutionMs);
  }
  if (!Number.isInteger(retentionMs) || retentionMs < resolutionMs) {
    throw invalid('retentionMs', 'a whole number of milliseconds, at least resolutionMs', retentionMs);
  }
  return { resolutionMs, retentionMs };
}

/** Checks that `value` is a positive integer; throws `FL_SERIES_INVALID_OPTIONS` otherwise. */
export function positiveInteger(field: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw invalid(field, 'a positive whole number', value);
  return value;
}

export function invalid(field: string, expected: string, value: unknown): SeriesError {
  return new SeriesError(
    SeriesErrorCode.InvalidOptions,
    `${field}: expected ${expected}, got ${String(value)}`,
    {
      field,
      value,
    },
  );
}

/** Start of the bucket holding `ms`. */
export function bucketStart(ms: number, resolutionMs: number): number {
  return Math.floor(ms / resolutionMs) * resolutionMs;
}
