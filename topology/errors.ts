import { FaultlineError } from '../core/faultline-error.js';

/** Stable error codes of the topology. */
export const TopologyErrorCode = {
  /** An option (wait, caps, slice width, retention, key prefix) is out of range. */
  InvalidOptions: 'FL_TOPOLOGY_INVALID_OPTIONS',
  /** A read's time range is not finite and ordered, or spans too many slices. */
  InvalidQuery: 'FL_TOPOLOGY_INVALID_QUERY',
  /** A graph store was used after `close()`. */
  Closed: 'FL_TOPOLOGY_CLOSED',
} as const;

export type TopologyErrorCode = (typeof TopologyErrorCode)[keyof typeof TopologyErrorCode];

/** A failure of span pairing or a graph store; match on `code`. */
export class TopologyError extends FaultlineError {
  constructor(code: TopologyErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'TopologyError';
  }
}

/** Checks that `value` is a positive integer; throws `FL_TOPOLOGY_INVALID_OPTIONS` otherwise. */
export function positiveOption(field: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new TopologyError(
      TopologyErrorCode.InvalidOptions,
      `${field}: expected a positive whole number, got ${String(value)}`,
      { field, value },
    );
  }
  return value;
}
