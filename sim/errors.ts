import { FaultlineError } from '../core/faultline-error.js';

/** Stable error codes of the simulator. */
export const SimErrorCode = {
  /** An option, fault spec, duration, time or topology is invalid. */
  Invalid: 'FL_SIM_INVALID',
  /** An emitter could not deliver a payload (broker, HTTP endpoint or file system). */
  Emit: 'FL_SIM_EMIT',
} as const;

export type SimErrorCode = (typeof SimErrorCode)[keyof typeof SimErrorCode];

/** An invalid simulator input; `details.field` names what was wrong where known. */
export function invalid(message: string, details: Record<string, unknown> = {}): FaultlineError {
  return new FaultlineError(SimErrorCode.Invalid, message, details);
}
