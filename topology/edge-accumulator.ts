import { positiveOption } from './errors.js';
import { type EdgeCallRecord, type EdgeUpdate, edgeKey, mergeStats, statsOfCall } from './model.js';

/**
 * Pre-sums completed edge calls per (edge, time bucket) between two flushes, so a graph
 * store receives one update per edge and bucket instead of one per call. Bounded: at most
 * `maxUpdates` pending (edge, bucket) pairs; calls beyond that are counted in `dropped`.
 */
export class EdgeAccumulator {
  /** Calls (or restored updates) dropped because `maxUpdates` pairs were pending, since creation. */
  dropped = 0;
  private pending = new Map<string, EdgeUpdate>();

  constructor(
    readonly resolutionMs: number,
    private readonly maxUpdates: number,
  ) {
    positiveOption('resolutionMs', resolutionMs);
    positiveOption('maxUpdates', maxUpdates);
  }

  /** Pending (edge, bucket) pairs. */
  get size(): number {
    return this.pending.size;
  }

  /** Adds a call ending at `eventMs` (Unix epoch ms) to its bucket. */
  add(call: EdgeCallRecord, eventMs: number): void {
    const bucketMs = Math.floor(eventMs / this.resolutionMs) * this.resolutionMs;
    this.merge({ source: call.source, target: call.target, bucketMs, ...statsOfCall(call, eventMs) });
  }

  /** Everything pre-summed since the last drain; starts afresh. */
  drain(): EdgeUpdate[] {
    const updates = [...this.pending.values()];
    this.pending = new Map();
    return updates;
  }

  /** Puts updates back (a write that failed), merging with what arrived since. */
  restore(updates: readonly EdgeUpdate[]): void {
    for (const u of updates) this.merge({ ...u });
  }

  private merge(update: EdgeUpdate): void {
    const key = `${edgeKey(update.source, update.target)}|${update.bucketMs}`;
    const existing = this.pending.get(key);
    if (existing !== undefined) {
      mergeStats(existing, update);
    } else if (this.pending.size >= this.maxUpdates) {
      this.dropped += update.calls;
    } else {
      this.pending.set(key, update);
    }
  }
}
