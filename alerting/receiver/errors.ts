import { FaultlineError } from '../../core/faultline-error.js';

export const ReceiverErrorCode = {
  /** The webhook body is not JSON, or not an Alertmanager webhook payload. */
  InvalidPayload: 'FL_RECEIVER_INVALID_PAYLOAD',
  /** A shared store's alert changed under every attempt to write it (many writers at once). */
  StoreContention: 'FL_RECEIVER_STORE_CONTENTION',
} as const;

export type ReceiverErrorCode = (typeof ReceiverErrorCode)[keyof typeof ReceiverErrorCode];

export class ReceiverError extends FaultlineError {
  constructor(code: ReceiverErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'ReceiverError';
  }
}
