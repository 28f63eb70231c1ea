import type { Emitter, SimPayload } from '../emitter.js';
import type { GroundTruth } from '../faults.js';

/**
 * An emitter that hands each payload to `onPayload` (for tests and the demo); without a
 * callback it keeps them in `payloads`. The ground truth is kept in `truth`.
 */
export class MemoryEmitter implements Emitter {
  readonly payloads: SimPayload[] = [];
  truth: readonly GroundTruth[] = [];
  closed = false;

  constructor(private readonly onPayload?: (payload: SimPayload) => void | Promise<void>) {}

  async groundTruth(truth: readonly GroundTruth[]): Promise<void> {
    this.truth = truth;
  }

  async emit(payload: SimPayload): Promise<void> {
    if (this.onPayload === undefined) this.payloads.push(payload);
    else await this.onPayload(payload);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** An emitter that encodes each payload to protobuf and drops it: measures generation and encoding alone. */
export class NullEmitter implements Emitter {
  /** Protobuf bytes encoded so far. */
  bytes = 0;

  async emit(payload: SimPayload): Promise<void> {
    this.bytes += payload.bytes.length;
  }

  async close(): Promise<void> {}
}
