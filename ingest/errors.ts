import { FaultlineError } from '../core/faultline-error.js';

/** Stable error codes of the ingest area. */
export const IngestErrorCode = {
  /** A payload could not be decoded as OTLP (truncated, wrong wire type, bad JSON, ...). */
  Decode: 'FL_INGEST_DECODE',
  /** A payload was empty where OTLP data was required. */
  Empty: 'FL_INGEST_EMPTY',
  /** A payload exceeded the configured size limit. */
  TooLarge: 'FL_INGEST_TOO_LARGE',
  /** A payload's content type or encoding is not one faultline accepts. */
  Unsupported: 'FL_INGEST_UNSUPPORTED',
  /** The pipeline cannot take data now (its store is down); the sender should retry. */
  SinkUnavailable: 'FL_INGEST_SINK_UNAVAILABLE',
} as const;

export type IngestErrorCode = (typeof IngestErrorCode)[keyof typeof IngestErrorCode];

/** Thrown by decoders; `reason` is a short machine-friendly phrase used in DLQ headers. */
export class DecodeError extends FaultlineError {
  constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(IngestErrorCode.Decode, message, details, options);
    this.name = 'DecodeError';
  }
}
