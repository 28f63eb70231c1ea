import type { ChainableCommander } from 'ioredis';
import { guardReplyOf } from '../core/redis/offset-guard-lua.js';
import type { RedisClient } from '../core/redis/redis-connection.js';
import type { GuardResult } from '../pipeline/window/offset-guard.js';
import type { OffsetGuard } from '../pipeline/window/window-store.js';
import { TopologyError, TopologyErrorCode } from './errors.js';
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
import {
  defineGraphScript,
  edgeOf,
  graphOffsetsKey,
  mergePacked,
  packStats,
  parsePacked,
  queueMerge,
  sliceKey,
} from './redis-graph-layout.js';

export interface RedisGraphStoreOptions extends GraphStoreOptions {
  /** Prefix of every key (default `fl:`); no braces, they would change the hash tag. */
  keyPrefix?: string;
}

/** Edge updates per script call, so that one call never holds Redis for long. */
const UPDATES_PER_CALL = 500;

/**
 * {@link GraphStore} on Redis (a single node or a Cluster) through ioredis; the layout is
 * in redis-graph-layout.ts. A write pre-merges its updates per (slice, edge) and sends them
 * in one pipeline of script calls (one call per 500 edge-slices, usually one); every slice
 * key gets a TTL of retention + one slice from its last write. A read is one pipeline of
 * `HGETALL`, one per slice in the range (61 for an hour of 1-minute slices).
 *
 * The client is borrowed: `close()` leaves it open for its owner.
 */
export class RedisGraphStore implements GraphStore {
  readonly sliceMs: number;
  readonly retentionMs: number;
  readonly keyPrefix: string;
  private closed = false;

  constructor(
    private readonly client: RedisClient,
    options: RedisGraphStoreOptions = {},
  ) {
    ({ sliceMs: this.sliceMs, retentionMs: this.retentionMs } = resolveGraphStoreOptions(options));
    this.keyPrefix = options.keyPrefix ?? 'fl:';
    if (/[{}]/.test(this.keyPrefix)) {
      throw new TopologyError(
        TopologyErrorCode.InvalidOptions,
        'keyPrefix: expected a prefix without braces',
        {
          keyPrefix: this.keyPrefix,
        },
      );
    }
    defineGraphScript(client);
  }

  async write(updates: readonly EdgeUpdate[], guard?: OffsetGuard): Promise<GuardResult> {
    this.ensureOpen();
    // A guarded write with no updates still records its offset (and learns a conflict).
    if (updates.length === 0 && guard === undefined) return { outcome: 'applied' };
    const merged = new Map<string, Map<string, EdgeSnapshot>>();
    for (const { bucketMs, ...snapshot } of updates) {
      const key = sliceKey(this.keyPrefix, sliceOf(bucketMs, this.sliceMs));
      let edges = merged.get(key);
      if (edges === undefined) {
        edges = new Map();
        merged.set(key, edges);
      }
      const field = edgeKey(snapshot.source, snapshot.target);
      const existing = edges.get(field);
      if (existing === undefined) edges.set(field, { ...snapshot });
      else mergeStats(existing, snapshot);
    }
    const pipeline = this.client.pipeline();
    const ttlMs = this.retentionMs + this.sliceMs;
    const offsetsKey = graphOffsetsKey(this.keyPrefix);
    // A guarded write is one call, however many updates: its offset is recorded in the same
    // atomic step as all of its merges.
    const perCall = guard === undefined ? UPDATES_PER_CALL : Number.POSITIVE_INFINITY;
    let call = new Map<string, Map<string, string>>();
    let count = 0;
    for (const [key, edges] of merged) {
      for (const [field, stats] of edges) {
        if (count === perCall) {
          queueMerge(pipeline, { offsetsKey, slices: call }, ttlMs);
          call = new Map();
          count = 0;
        }
        let fields = call.get(key);
        if (fields === undefined) {
          fields = new Map();
          call.set(key, fields);
        }
        fields.set(field, packStats(stats));
        count++;
      }
    }
    if (count > 0 || guard !== undefined) queueMerge(pipeline, { offsetsKey, slices: call, guard }, ttlMs);
    const replies = await exec(pipeline);
    return guard === undefined ? { outcome: 'applied' } : guardReplyOf(replies[replies.length - 1]);
  }

  async read(query: GraphQuery): Promise<EdgeSnapshot[]> {
    this.ensureOpen();
    const slices = slicesOf(query, this.sliceMs);
    const pipeline = this.client.pipeline();
    for (const slice of slices) pipeline.hgetall(sliceKey(this.keyPrefix, slice));
    const hashes = (await exec(pipeline)) as Array<Record<string, string>>;
    // Summed per field as packed numbers; names are decoded once per edge.
    const sums = new Map<string, number[]>();
    for (const hash of hashes) {
      for (const [field, value] of Object.entries(hash)) {
        const n = parsePacked(value);
        if (n === undefined) continue;
        const sum = sums.get(field);
        if (sum === undefined) sums.set(field, n);
        else mergePacked(sum, n);
      }
    }
    const edges: EdgeSnapshot[] = [];
    for (const [field, n] of sums) {
      const edge = edgeOf(field, n);
      if (edge !== undefined && edge.lastSeenMs >= query.fromMs) edges.push(edge);
    }
    return edges;
  }

  /** Marks the store closed; the client stays open (it belongs to its `RedisConnection`). */
  async close(): Promise<void> {
    this.closed = true;
  }

  private ensureOpen(): void {
    if (this.closed) throw closedError();
  }
}

/** Runs a pipeline and returns its replies, throwing the first command error. */
async function exec(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
