import { type GuardResult, MemoryOffsets } from '../pipeline/window/offset-guard.js';
import type { OffsetGuard } from '../pipeline/window/window-store.js';
import {
  closedError,
  type GraphQuery,
  type GraphStore,
  type GraphStoreOptions,
  resolveGraphStoreOptions,
  sliceOf,
  slicesOf,
} from './graph-store.js';
import { type EdgeSnapshot, type EdgeUpdate, edgeKey, mergeStats } from './model.js';

/**
 * {@link GraphStore} in process memory: per slice, per edge, the summed statistics. Slices
 * a retention or more older than the newest slice written are pruned on every write (event
 * time, so replays behave like live runs). One process only: instances do not share it.
 */
export class MemoryGraphStore implements GraphStore {
  readonly sliceMs: number;
  readonly retentionMs: number;
  private readonly slices = new Map<number, Map<string, EdgeSnapshot>>();
  private newestSlice = Number.NEGATIVE_INFINITY;
  private readonly offsets = new MemoryOffsets();
  private closed = false;

  constructor(options: GraphStoreOptions = {}) {
    ({ sliceMs: this.sliceMs, retentionMs: this.retentionMs } = resolveGraphStoreOptions(options));
  }

  async write(updates: readonly EdgeUpdate[], guard?: OffsetGuard): Promise<GuardResult> {
    this.ensureOpen();
    if (guard !== undefined) {
      const claimed = this.offsets.claim('topology', guard);
      if (claimed.outcome !== 'applied') return claimed;
    }
    for (const { bucketMs, ...snapshot } of updates) {
      const slice = sliceOf(bucketMs, this.sliceMs);
      this.newestSlice = Math.max(this.newestSlice, slice);
      let edges = this.slices.get(slice);
      if (edges === undefined) {
        edges = new Map();
        this.slices.set(slice, edges);
      }
      const key = edgeKey(snapshot.source, snapshot.target);
      const existing = edges.get(key);
      if (existing === undefined) edges.set(key, { ...snapshot });
      else mergeStats(existing, snapshot);
    }
    for (const slice of this.slices.keys()) {
      if (slice <= this.newestSlice - this.retentionMs) this.slices.delete(slice);
    }
    return { outcome: 'applied' };
  }

  async read(query: GraphQuery): Promise<EdgeSnapshot[]> {
    this.ensureOpen();
    const merged = new Map<string, EdgeSnapshot>();
    for (const slice of slicesOf(query, this.sliceMs)) {
      for (const [key, stats] of this.slices.get(slice) ?? []) {
        const existing = merged.get(key);
        if (existing === undefined) merged.set(key, { ...stats });
        else mergeStats(existing, stats);
      }
    }
    return [...merged.values()].filter((e) => e.lastSeenMs >= query.fromMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.slices.clear();
  }

  private ensureOpen(): void {
    if (this.closed) throw closedError();
  }
}
