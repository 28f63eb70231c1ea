import { FaultlineError } from '../core/faultline-error.js';
import { HttpErrorCode } from '../core/http/http-errors.js';

/**
 * Latest instant a query may name (9999-12-31T23:59:59.999Z): later ones are finite numbers
 * that no `Date` can print, which used to surface as a 500 from deep inside a route.
 */
const MAX_TIME_MS = 253_402_300_799_999;

/** A query-string time: RFC 3339 / ISO 8601, or unix seconds (fractions allowed). Returns ms. */
export function parseTime(value: string, param: string): number {
  const trimmed = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed);
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_TIME_MS) {
    throw new FaultlineError(
      HttpErrorCode.BadRequest,
      `${param}: expected RFC 3339 time or unix seconds between 1970 and 9999, got '${value}'`,
    );
  }
  return ms;
}
