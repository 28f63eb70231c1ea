import { FaultlineError } from '../../core/faultline-error.js';
import { DecodeError } from '../errors.js';

/**
 * Short machine-friendly phrases used as `DecodeError.details.reason` (they end up in DLQ
 * headers, so they are stable).
 */
export type DecodeReason =
  | 'truncated'
  | 'invalid tag'
  | 'invalid wire type'
  | 'invalid varint'
  | 'invalid length'
  | 'invalid utf-8'
  | 'nesting too deep'
  | 'invalid histogram buckets'
  | 'empty payload'
  | 'invalid json'
  | 'not an object'
  | 'invalid field'
  | 'invalid id'
  | 'malformed';

/** Throws a DecodeError with `details.reason` (and any extra details). */
export function fail(reason: DecodeReason, details: Record<string, unknown> = {}): never {
  throw new DecodeError(`cannot decode OTLP payload: ${reason}`, { ...details, reason });
}

/**
 * Turns whatever a decoder threw into a DecodeError. The protobuf runtime throws plain
 * Errors (`premature EOF`, `invalid varint`, `illegal tag`, ...); those become the matching
 * reason, with the original kept as `cause`. Faultline's own errors (a record cap) pass as they are.
 */
export function toDecodeError(err: unknown, encoding: string): FaultlineError {
  if (err instanceof FaultlineError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const reason = reasonOf(message);
  return new DecodeError(
    `cannot decode OTLP payload: ${reason}`,
    { reason, encoding, cause: message },
    { cause: err },
  );
}

function reasonOf(message: string): DecodeReason {
  if (message.includes('premature EOF')) return 'truncated';
  if (message.includes('invalid varint')) return 'invalid varint';
  if (message.includes('illegal tag')) return 'invalid tag';
  if (message.includes('wire type') || message.includes('end group')) return 'invalid wire type';
  if (message.includes('recursion') || message.includes('call stack')) return 'nesting too deep';
  if (message.toLowerCase().includes('utf-8')) return 'invalid utf-8';
  return 'malformed';
}
