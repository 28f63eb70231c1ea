import type { ChainableCommander } from 'ioredis';
import { guardReplyOf } from '../../core/redis/offset-guard-lua.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import type { OffsetGuard } from '../window/window-store.js';
import {
  addMetricIncrements,
  addSpanIncrements,
  type BlockIncrements,
  decodeMetricBlock,
  decodeSpanBlock,
  metricBlockKey,
  metricNamesKey,
  seriesOffsetsKey,
  spanBlockKey,
  subjectsKey,
} from './redis-series-layout.js';
import { defineSeriesScript, queueSeriesAdd } from './redis-series-script.js';
import { type BucketAggregate, emptyBucket, type SeriesBatch } from './series-batch.js';
import { invalid, resolveSeriesOptions, type SeriesOptions } from './series-options.js';
import {
  checkBatchResolution,
  checkQueryRange,
  closedError,
  type SeriesConflicts,
  type SeriesQuery,
  type SeriesStore,
} from './series-store.js';
import { isSpanSignal, type SeriesResult, seriesFromBuckets } from './signals.js';
import { parseSubjectKey, type Subject, subjectKey } from './subject.js';

export interface RedisSeriesStoreOptions extends SeriesOptions {
  /** Prefix of every key (default `fl:`); no braces, they would change the hash tags. */
  keyPrefix?: string;
  /**
   * Time one span-data hash holds, ms (default 30 000: three 10 s buckets). A multiple of
   * the resolution dividing a day. See README.md for the memory trade-off.
   */
  blockMs?: number;
  /** Time one metric hash holds, ms (default 300 000: thirty 10 s buckets). Same rules. */
  metricBlockMs?: number;
}

/** What one write does to one subject. */
interface SubjectWrite {
  subject: Subject;
  newestMs: number;
  /** Hash key -> its increments. */
  hashes: Map<string, BlockIncrements>;
  /** Metric name -> newest bucket start written. */
  metrics: Map<string, number>;
}

/** Hashes per script call, so that one call never holds Redis for long. */
const HASHES_PER_CALL = 64;

/**
 * {@link SeriesStore} on Redis (a single node or a Cluster) through ioredis. Each subject's
 * buckets live in per-time-block hashes under the subject's hash tag (layout in
 * redis-series-layout.ts). A write costs per subject one Lua call (HINCRBY / HINCRBYFLOAT
 * and EXPIRE over its hashes) plus, when it has metrics, three commands on its metric
 * names; all of it in one pipeline on a single node, one pipeline per subject (one slot)
 * on a Cluster. Hashes expire a retention plus a block after their last write. Queries
 * see the buckets within a retention of the newest bucket written, as the memory store.
 *
 * The client is borrowed: `close()` leaves it open for its owner.
 */
export class RedisSeriesStore implements SeriesStore {
  readonly resolutionMs: number;
  readonly retentionMs: number;
  readonly keyPrefix: string;
  readonly blockMs: number;
  readonly metricBlockMs: number;
  private readonly ttlSeconds: number;
  private closed = false;

  constructor(
    private readonly client: RedisClient,
    options: RedisSeriesStoreOptions = {},
  ) {
    ({ resolutionMs: this.resolutionMs, retentionMs: this.retentionMs } = resolveSeriesOptions(options));
    this.keyPrefix = options.keyPrefix ?? 'fl:';
    if (/[{}]/.test(this.keyPrefix)) throw invalid('keyPrefix', 'a prefix without braces', this.keyPrefix);
    this.blockMs = this.checkBlock('blockMs', options.blockMs ?? Math.max(30_000, this.resolutionMs));
    this.metricBlockMs = this.checkBlock(
      'metricBlockMs',
      options.metricBlockMs ?? Math.max(300_000, this.blockMs),
    );
    this.ttlSeconds = Math.ceil((this.retentionMs + Math.max(this.blockMs, this.metricBlockMs)) / 1000);
    defineSeriesScript(client);
  }

  async write(batch: SeriesBatch, guard?: OffsetGuard): Promise<SeriesConflicts> {
    this.ensureOpen();
    checkBatchResolution(batch, this.resolutionMs);
    const conflicts: SeriesConflicts = new Map();
    if (batch.buckets.length === 0) return conflicts;
    const writes = new Map<string, SubjectWrite>();
    let newestMs = Number.NEGATIVE_INFINITY;
    for (const bucket of batch.buckets) {
      const key = subjectKey(bucket.subject);
      let w = writes.get(key);
      if (w === undefined) {
        w = { subject: bucket.subject, newestMs: bucket.bucketMs, hashes: new Map(), metrics: new Map() };
        writes.set(key, w);
      }
      w.newestMs = Math.max(w.newestMs, bucket.bucketMs);
      newestMs = Math.max(newestMs, bucket.bucketMs);
      this.addBucket(w, bucket);
    }
    const cutoff = newestMs - this.retentionMs;
    const registry = (p: ChainableCommander): ChainableCommander => {
      const members: Array<string | number> = [];
      for (const [key, w] of writes) members.push(w.newestMs, key);
      const zkey = subjectsKey(this.keyPrefix);
      return p
        .zadd(zkey, 'GT', ...members)
        .zremrangebyscore(zkey, '-inf', cutoff)
        .expire(zkey, this.ttlSeconds);
    };
    // Where each subject's first script reply is, to read the guard's verdict from it.
    const guarded: Array<{ key: string; replies: Promise<unknown[]>; index: number }> = [];
    if (this.client.isCluster) {
      // Each subject is one slot; the registry another. One pipeline each, concurrently.
      const subjects = [...writes].map(([key, w]) => {
        const replies = exec(this.queueSubject(this.client.pipeline(), w, cutoff, guard));
        guarded.push({ key, replies, index: 0 });
        return replies;
      });
      await Promise.all([...subjects, exec(registry(this.client.pipeline()))]);
    } else {
      const pipeline = this.client.pipeline();
      const indices: Array<[string, number]> = [];
      for (const [key, w] of writes) {
        indices.push([key, pipeline.length]);
        this.queueSubject(pipeline, w, cutoff, guard);
      }
      const replies = exec(registry(pipeline));
      for (const [key, index] of indices) guarded.push({ key, replies, index });
      await replies;
    }
    if (guard === undefined) return conflicts;
    for (const { key, replies, index } of guarded) {
      const reply = guardReplyOf((await replies)[index]);
      if (reply.outcome === 'conflict' && reply.stored !== undefined) conflicts.set(key, reply.stored);
    }
    return conflicts;
  }

  async query(query: SeriesQuery): Promise<SeriesResult> {
    this.ensureOpen();
    checkQueryRange(query);
    const { subject, signals } = query;
    const zkey = subjectsKey(this.keyPrefix);
    const wantsSpans = signals === undefined || signals.some(isSpanSignal);
    const [[subjectNewest, newestEntry], metrics] = await Promise.all([
      exec(
        this.client.pipeline().zscore(zkey, subjectKey(subject)).zrange(zkey, -1, -1, 'WITHSCORES'),
      ) as Promise<[string | null, string[]]>,
      signals === undefined
        ? this.client.zrange(metricNamesKey(this.keyPrefix, subject), 0, -1)
        : signals.filter((s) => s.startsWith('metric:')).map((s) => s.slice('metric:'.length)),
    ]);
    const newest = Number(newestEntry[1]);
    if (subjectNewest === null || !Number.isFinite(newest))
      return seriesFromBuckets([], this.resolutionMs, signals);
    // Only buckets within a retention of the newest one count, as in the memory store;
    // this also bounds how many hashes are read, whatever range is asked for.
    const fromMs = Math.max(query.fromMs, newest - this.retentionMs + 1);
    const toMs = Math.min(query.toMs, Number(subjectNewest) + this.resolutionMs);
    const buckets = new Map<number, BucketAggregate>();
    const at = (bucketMs: number): BucketAggregate => {
      let b = buckets.get(bucketMs);
      if (b === undefined) {
        b = emptyBucket(subject, bucketMs);
        buckets.set(bucketMs, b);
      }
      return b;
    };
    const decoders: Array<(hash: Record<string, string>) => void> = [];
    const pipeline = this.client.pipeline();
    for (const blockMs of blockStarts(fromMs, toMs, wantsSpans ? this.blockMs : 0)) {
      pipeline.hgetall(spanBlockKey(this.keyPrefix, subject, blockMs));
      decoders.push((hash) => decodeSpanBlock(hash, blockMs, this.resolutionMs, at));
    }
    for (const metric of metrics) {
      for (const blockMs of blockStarts(fromMs, toMs, this.metricBlockMs)) {
        pipeline.hgetall(metricBlockKey(this.keyPrefix, subject, metric, blockMs));
        decoders.push((hash) => decodeMetricBlock(hash, metric, blockMs, this.resolutionMs, at));
      }
    }
    if (decoders.length > 0) {
      const hashes = (await exec(pipeline)) as Array<Record<string, string>>;
      for (const [i, hash] of hashes.entries()) decoders[i]?.(hash);
    }
    const inRange = [...buckets.values()].filter((b) => b.bucketMs >= fromMs && b.bucketMs < toMs);
    return seriesFromBuckets(inRange, this.resolutionMs, signals);
  }

  async subjects(): Promise<Subject[]> {
    this.ensureOpen();
    const keys = await this.client.zrange(subjectsKey(this.keyPrefix), 0, -1);
    return keys.map(parseSubjectKey).filter((s): s is Subject => s !== undefined);
  }

  /** Marks the store closed; the client stays open (it belongs to its `RedisConnection`). */
  async close(): Promise<void> {
    this.closed = true;
  }

  private addBucket(w: SubjectWrite, bucket: BucketAggregate): void {
    const hash = (key: string): BlockIncrements => {
      let h = w.hashes.get(key);
      if (h === undefined) {
        h = { ints: [], floats: [] };
        w.hashes.set(key, h);
      }
      return h;
    };
    if (bucket.requests > 0 || bucket.latencyCounts.size > 0) {
      const blockMs = floorTo(bucket.bucketMs, this.blockMs);
      const offset = (bucket.bucketMs - blockMs) / this.resolutionMs;
      addSpanIncrements(hash(spanBlockKey(this.keyPrefix, w.subject, blockMs)), bucket, offset);
    }
    const blockMs = floorTo(bucket.bucketMs, this.metricBlockMs);
    const offset = (bucket.bucketMs - blockMs) / this.resolutionMs;
    for (const name of new Set([...bucket.metricMeans.keys(), ...bucket.metricIncreases.keys()])) {
      const key = metricBlockKey(this.keyPrefix, w.subject, name, blockMs);
      addMetricIncrements(hash(key), offset, bucket.metricMeans.get(name), bucket.metricIncreases.get(name));
      w.metrics.set(name, Math.max(w.metrics.get(name) ?? bucket.bucketMs, bucket.bucketMs));
    }
  }

  /**
   * Queues everything one write does to one subject (all in the subject's slot), the first
   * script call first. A guarded write is one script call, however many hashes: its
   * offset must be recorded in the same atomic step as all of its counts.
   */
  private queueSubject(
    p: ChainableCommander,
    w: SubjectWrite,
    cutoff: number,
    guard: OffsetGuard | undefined,
  ): ChainableCommander {
    const entries = [...w.hashes];
    const perCall = guard === undefined ? HASHES_PER_CALL : Math.max(1, entries.length);
    const offsetsKey = seriesOffsetsKey(this.keyPrefix, w.subject);
    // A guarded write always makes its call, so the verdict is where the caller reads it.
    if (entries.length === 0 && guard !== undefined) {
      queueSeriesAdd(p, { offsetsKey, keys: [], blocks: [], guard }, this.ttlSeconds);
    }
    for (let i = 0; i < entries.length; i += perCall) {
      const chunk = entries.slice(i, i + perCall);
      const keys = chunk.map(([k]) => k);
      queueSeriesAdd(p, { offsetsKey, keys, blocks: chunk.map(([, b]) => b), guard }, this.ttlSeconds);
    }
    if (w.metrics.size > 0) {
      const members: Array<string | number> = [];
      for (const [name, newestMs] of w.metrics) members.push(newestMs, name);
      const key = metricNamesKey(this.keyPrefix, w.subject);
      p.zadd(key, 'GT', ...members)
        .zremrangebyscore(key, '-inf', cutoff)
        .expire(key, this.ttlSeconds);
    }
    return p;
  }

  private checkBlock(field: string, blockMs: number): number {
    if (!Number.isInteger(blockMs) || blockMs % this.resolutionMs !== 0 || 86_400_000 % blockMs !== 0) {
      throw invalid(field, 'a multiple of resolutionMs dividing a day', blockMs);
    }
    return blockMs;
  }

  private ensureOpen(): void {
    if (this.closed) throw closedError();
  }
}

function floorTo(ms: number, step: number): number {
  return Math.floor(ms / step) * step;
}

/** Starts of the blocks of width `blockMs` overlapping `[fromMs, toMs)`; none when `blockMs` is 0. */
function blockStarts(fromMs: number, toMs: number, blockMs: number): number[] {
  const starts: number[] = [];
  if (blockMs <= 0) return starts;
  for (let b = floorTo(fromMs, blockMs); b < toMs; b += blockMs) starts.push(b);
  return starts;
}

/** Runs a pipeline and returns its replies, throwing the first command error. */
async function exec(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
