import type { AlertingErrorCode } from '../alerting/errors.js';
import type { NotifierErrorCode } from '../alerting/notifiers/errors.js';
import type { ReceiverErrorCode } from '../alerting/receiver/errors.js';
import type { BacktestErrorCode } from '../backtest/errors.js';
import type { ConfigErrorCode } from '../config/errors.js';
import type { HttpErrorCode } from '../core/http/http-errors.js';
import type { CorrelateErrorCode } from '../correlate/errors.js';
import type { IngestErrorCode } from '../ingest/errors.js';
import type { SeriesErrorCode } from '../pipeline/series/errors.js';
import type { SloErrorCode } from '../pipeline/slo/errors.js';
import type { SimErrorCode } from '../sim/errors.js';
import type { TopologyErrorCode } from '../topology/errors.js';

type CodesOf<T> = T[keyof T];

/** Every stable error code faultline has: each area's `errors.ts` defines its own. */
export type ErrorCode =
  | CodesOf<typeof HttpErrorCode>
  | CodesOf<typeof AlertingErrorCode>
  | CodesOf<typeof NotifierErrorCode>
  | CodesOf<typeof ReceiverErrorCode>
  | CodesOf<typeof BacktestErrorCode>
  | CodesOf<typeof ConfigErrorCode>
  | CodesOf<typeof CorrelateErrorCode>
  | CodesOf<typeof IngestErrorCode>
  | CodesOf<typeof SeriesErrorCode>
  | CodesOf<typeof SloErrorCode>
  | CodesOf<typeof SimErrorCode>
  | CodesOf<typeof TopologyErrorCode>;

/**
 * The error catalogue: the HTTP status each code is answered with, should it reach a client.
 * Typed over every area's codes, so a code added to an `errors.ts` without a line here does
 * not compile. Codes that never come from a request (CLI, start-up, delivery) are 500: if one
 * reached a client, something is wrong on the server's side.
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  FL_API_BAD_REQUEST: 400,
  FL_API_NOT_FOUND: 404,
  FL_API_UNAUTHORIZED: 401,
  FL_API_TOO_LARGE: 413,
  FL_API_UNSUPPORTED_MEDIA_TYPE: 415,
  FL_API_BUSY: 503,
  FL_API_HOST_NOT_ALLOWED: 421,
  FL_API_INTERNAL: 500,
  FL_INGEST_DECODE: 400,
  FL_INGEST_EMPTY: 400,
  FL_INGEST_TOO_LARGE: 413,
  FL_INGEST_TOO_MANY_RECORDS: 400,
  FL_INGEST_UNSUPPORTED: 415,
  FL_INGEST_SINK_UNAVAILABLE: 503,
  FL_RECEIVER_INVALID_PAYLOAD: 400,
  FL_RECEIVER_STORE_CONTENTION: 500,
  FL_ALERTING_RULES_INVALID: 500,
  FL_ALERTING_NOTIFY_TIMEOUT: 500,
  FL_ALERTING_TIER_UNSAFE: 500,
  FL_ALERTING_MATCHER_INVALID: 400,
  FL_ALERTING_SILENCE_INVALID: 400,
  FL_ALERTING_SILENCE_NOT_FOUND: 404,
  FL_ALERTING_INCIDENT_NOT_FOUND: 404,
  FL_ALERTING_INCIDENT_CONFLICT: 409,
  FL_ALERTING_INCIDENT_BUSY: 503,
  FL_NOTIFIER_REJECTED: 500,
  FL_NOTIFIER_UNAVAILABLE: 500,
  FL_NOTIFIER_CLOSED: 500,
  FL_BACKTEST_INPUT: 500,
  FL_BACKTEST_DECODE: 500,
  FL_BACKTEST_ARGS: 500,
  FL_BACKTEST_EMPTY: 500,
  FL_CONFIG_INVALID: 500,
  FL_CONFIG_UNREADABLE: 500,
  FL_CORRELATE_INVALID_INPUT: 500,
  FL_CORRELATE_INVALID_CASE: 500,
  FL_CORRELATE_INVALID_DATASET: 500,
  FL_SERIES_INVALID_OPTIONS: 500,
  FL_SERIES_RESOLUTION_MISMATCH: 500,
  FL_SERIES_INVALID_QUERY: 500,
  FL_SERIES_CLOSED: 500,
  FL_SLO_INVALID: 500,
  FL_SIM_INVALID: 500,
  FL_SIM_EMIT: 500,
  FL_TOPOLOGY_INVALID_OPTIONS: 500,
  FL_TOPOLOGY_INVALID_QUERY: 500,
  FL_TOPOLOGY_CLOSED: 500,
};

/** The HTTP status for `code`; a code outside the catalogue is a server error. */
export function statusForCode(code: string): number {
  return (ERROR_STATUS as Readonly<Record<string, number>>)[code] ?? 500;
}
