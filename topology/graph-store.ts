import type { GuardResult } from '../pipeline/window/offset-guard.js';
import type { OffsetGuard } from '../pipeline/window/window-store.js';
import { positiveOption, TopologyError, TopologyErrorCode } from './errors.js';
import type { EdgeSnapshot, EdgeUpdate } from './model.js';

/** Time layout of a graph store. */
export interface GraphStoreOptions {
  /**
   * Width of the time slices edge statistics are kept in, ms (default 60 000). Reads are
   * answered in whole slices: the finer, the more exact `at=` reads and the more memory.
   */
  sliceMs?: number;
  /** How long slices are kept, ms (default 86 400 000: 24 h); how far back a read can go. */
  retentionMs?: number;
}

/** A read of the graph: the edges seen in `[fromMs, toMs]` (event time, Unix epoch ms). */
export interface GraphQuery {
  fromMs: number;
  toMs: number;
}

/**
 * Where the service graph's edges live (port), shared by every instance of a deployment:
 * each instance writes the edge updates its own span pairing produced, and every read sees
 * the merged graph. Adapters: `MemoryGraphStore` (embedded default, one process) and
 * `RedisGraphStore` (single Redis or Redis Cluster).
 *
 * Statistics are kept per edge per time slice (`sliceMs`, by the updates' `bucketMs`):
 * counts and latency sums merge by addition, `lastSeenMs` by maximum, the connection type
 * and node kinds by precedence (`mergeStats`). Slices go away after `retentionMs`.
 */
export interface GraphStore {
  readonly sliceMs: number;
  readonly retentionMs: number;

  /**
   * Adds pre-summed updates (any number of edges and buckets) to what is stored. Several
   * writers may write the same edge and slice; the result is their sum. Resolves once
   * stored; rejects with the backend's error otherwise (the caller may retry, at the price
   * of counting twice if the failed write was in fact applied).
   *
   * With a `guard` (the calls completed by messages [from, next) of one Kafka partition)
   * the write is exactly once: the store keeps, per stream, the next offset merged, and
   * merges the updates together with that offset in one atomic step, or not at all when
   * some of the messages were merged before (`duplicate` when all were, `conflict` with
   * the offset stored when only some were: the caller writes again the calls from there).
   */
  write(updates: readonly EdgeUpdate[], guard?: OffsetGuard): Promise<GuardResult>;

  /**
   * Every edge with calls in the slices overlapping `[fromMs, toMs]` whose newest call is
   * at or after `fromMs`, its statistics summed over those slices (so up to one slice
   * beyond each end of the range counts). Rejects with `FL_TOPOLOGY_INVALID_QUERY` for a
   * range that is not finite and ordered or covers more than 10 000 slices.
   */
  read(query: GraphQuery): Promise<EdgeSnapshot[]>;

  /** Releases what the store holds; later calls reject with `FL_TOPOLOGY_CLOSED`. Idempotent. */
  close(): Promise<void>;
}

export const DEFAULT_SLICE_MS = 60_000;
export const DEFAULT_GRAPH_RETENTION_MS = 86_400_000;
const MAX_SLICES_PER_READ = 10_000;

/** The options with defaults applied; throws `FL_TOPOLOGY_INVALID_OPTIONS` when out of range. */
export function resolveGraphStoreOptions(options: GraphStoreOptions = {}): Required<GraphStoreOptions> {
  const sliceMs = positiveOption('sliceMs', options.sliceMs ?? DEFAULT_SLICE_MS);
  const retentionMs = positiveOption('retentionMs', options.retentionMs ?? DEFAULT_GRAPH_RETENTION_MS);
  if (retentionMs < sliceMs) {
    throw new TopologyError(TopologyErrorCode.InvalidOptions, 'retentionMs: expected at least sliceMs', {
      sliceMs,
      retentionMs,
    });
  }
  return { sliceMs, retentionMs };
}

/** Start of the slice holding `ms`. */
export function sliceOf(ms: number, sliceMs: number): number {
  return Math.floor(ms / sliceMs) * sliceMs;
}

/** Starts of the slices overlapping `[fromMs, toMs]`; throws `FL_TOPOLOGY_INVALID_QUERY` for a bad range. */
export function slicesOf(query: GraphQuery, sliceMs: number): number[] {
  const { fromMs, toMs } = query;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw new TopologyError(TopologyErrorCode.InvalidQuery, `bad time range [${fromMs}, ${toMs}]`, {
      fromMs,
      toMs,
    });
  }
  const first = sliceOf(fromMs, sliceMs);
  const last = sliceOf(toMs, sliceMs);
  if ((last - first) / sliceMs >= MAX_SLICES_PER_READ) {
    throw new TopologyError(
      TopologyErrorCode.InvalidQuery,
      `range covers more than ${MAX_SLICES_PER_READ} slices`,
      {
        fromMs,
        toMs,
        sliceMs,
      },
    );
  }
  const slices: number[] = [];
  for (let s = first; s <= last; s += sliceMs) slices.push(s);
  return slices;
}

/** The error a closed store rejects with. */
export function closedError(): TopologyError {
  return new TopologyError(TopologyErrorCode.Closed, 'the graph store is closed');
}
