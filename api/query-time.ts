import { FaultlineError } from '../core/faultline-error.js';
import { HttpErrorCode } from '../core/http/http-errors.js';

/** A query-string time: RFC 3339 / ISO 8601, or unix seconds (fractions allowed). Returns ms. */
export function parseTime(value: string, param: string): number {
  const trimmed = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed);
  if (!Number.isFinite(ms)) {
    throw new FaultlineError(
      HttpErrorCode.BadRequest,
      `${param}: expected RFC 3339 time or unix seconds, got '${value}'`,
    );
  }
  return ms;
}
