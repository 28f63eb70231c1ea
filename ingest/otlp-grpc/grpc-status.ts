import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { Metadata, status } from '@grpc/grpc-js';
import { FaultlineError } from '../../core/faultline-error.js';
import { IngestErrorCode } from '../errors.js';
import { SinkUnavailable } from '../otlp-export.js';

/** How long a client is asked to wait before it retries an export the pipeline could not take. */
export const RETRY_DELAY_SECONDS = 5;

/** The gRPC answer to a failed export, as a grpc-js service error. */
export interface GrpcExportError {
  code: status;
  details: string;
  metadata?: Metadata;
  /** Short label for `faultline_ingest_rejected_requests_total`. */
  reason: string;
}

/**
 * Maps an export failure to a gRPC status the way the OTLP specification asks: an
 * undecodable payload is INVALID_ARGUMENT (not retryable); a pipeline that cannot take data
 * is RESOURCE_EXHAUSTED carrying a `google.rpc.RetryInfo`, the signal that makes the
 * code retryable for OTLP clients; anything else is INTERNAL.
 */
export function grpcErrorOf(err: unknown): GrpcExportError {
  if (err instanceof SinkUnavailable) {
    const metadata = new Metadata();
    metadata.set('grpc-status-details-bin', Buffer.from(retryStatus(status.RESOURCE_EXHAUSTED, err.message)));
    return { code: status.RESOURCE_EXHAUSTED, details: err.message, metadata, reason: 'sink unavailable' };
  }
  if (err instanceof FaultlineError) {
    const reason = String(err.details.reason ?? err.code);
    if (err.code === IngestErrorCode.TooLarge)
      return { code: status.RESOURCE_EXHAUSTED, details: err.message, reason };
    return { code: status.INVALID_ARGUMENT, details: err.message, reason };
  }
  return { code: status.INTERNAL, details: 'internal error', reason: 'internal' };
}

/**
 * A `google.rpc.Status` whose one detail is `google.rpc.RetryInfo{retry_delay}`, written
 * field by field (Status: code 1, message 2, details 3 as `Any{type_url 1, value 2}`;
 * RetryInfo: retry_delay 1 as `Duration{seconds 1}`) so no generated code is needed.
 */
export function retryStatus(code: number, message: string): Uint8Array {
  const duration = new BinaryWriter()
    .uint32((1 << 3) | 0)
    .int64(RETRY_DELAY_SECONDS)
    .finish();
  const retryInfo = new BinaryWriter()
    .uint32((1 << 3) | 2)
    .bytes(duration)
    .finish();
  const any = new BinaryWriter()
    .uint32((1 << 3) | 2)
    .string('type.googleapis.com/google.rpc.RetryInfo')
    .uint32((2 << 3) | 2)
    .bytes(retryInfo)
    .finish();
  return new BinaryWriter()
    .uint32((1 << 3) | 0)
    .int32(code)
    .uint32((2 << 3) | 2)
    .string(message)
    .uint32((3 << 3) | 2)
    .bytes(any)
    .finish();
}
