import type { SpanRecord } from '../../ingest/records.js';

/**
 * gRPC codes that make a SERVER span an error under the OpenTelemetry RPC semantic
 * conventions: UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS.
 * Client-caused codes (INVALID_ARGUMENT, NOT_FOUND, ...) are not the server's failure.
 */
const RPC_SERVER_ERRORS: ReadonlySet<number> = new Set([2, 4, 12, 13, 14, 15]);

/** Whether a request served by this span failed: status ERROR, HTTP 5xx, or an RPC server error. */
export function isFailedServerSpan(span: Pick<SpanRecord, 'status' | 'httpStatus' | 'rpcStatus'>): boolean {
  if (span.status === 'error') return true;
  if (span.httpStatus !== undefined && span.httpStatus >= 500) return true;
  return span.rpcStatus !== undefined && RPC_SERVER_ERRORS.has(span.rpcStatus);
}

/** Server and consumer spans are the requests a service serves; the rest are its own calls. */
export function isServedRequest(span: Pick<SpanRecord, 'kind'>): boolean {
  return span.kind === 'server' || span.kind === 'consumer';
}

/** Span duration in milliseconds. */
export function durationMs(span: SpanRecord): number {
  return Number(span.endNs - span.startNs) / 1e6;
}

/** The epoch minute of a nanosecond timestamp. */
export function minuteOfNs(ns: bigint): number {
  return Number(ns / 60_000_000_000n);
}
