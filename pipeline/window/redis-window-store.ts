import { defineScript, type ScriptCall } from '../../core/redis/define-script.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import { APPLY_COUNTS_LUA } from './apply-counts-script.js';
import { READ_RANGES_LUA } from './read-ranges-script.js';
import { applyCall, type Run, runsOf, type StringPolicy } from './redis-count-ops.js';
import { blockBytes, LEVELS, SloKeys, ttlSeconds } from './redis-window-layout.js';
import { alignedStart, splitRange } from './window-ranges.js';
import type { ApplyOutcome, SloDelta, WindowCount, WindowQuery, WindowStore } from './window-store.js';

const OUTCOME: Record<number, ApplyOutcome> = { 1: 'applied', 0: 'duplicate', [-1]: 'conflict' };

const V2_STRINGS: StringPolicy = { ttlSeconds, bytes: blockBytes };

type ReadRanges = (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<Buffer>;

/**
 * WindowStore on Redis (single node or Cluster). Each SLO's delta is one EVALSHA of a Lua
 * script that checks the offset guard and increments the SLO's minute, hour and day strings
 * with BITFIELD; each SLO's query is one EVALSHA that returns the bytes its windows need,
 * summed here. ioredis pipelines both. See redis-window-layout.ts for the key design.
 */
export class RedisWindowStore implements WindowStore {
  private readonly applyScript: ScriptCall;
  private readonly readScript: ReadRanges;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    this.applyScript = defineScript(redis, 'flApplyCountsV2', APPLY_COUNTS_LUA);
    defineScript(redis, 'flReadRanges', READ_RANGES_LUA);
    // defineCommand also makes a `<name>Buffer` variant: the reply as bytes, not text.
    const read = (
      redis as unknown as Record<string, (...a: Array<string | number>) => Promise<Buffer>>
    ).flReadRangesBuffer!.bind(redis);
    this.readScript = (keys, args) => read(keys.length, ...keys, ...args);
  }

  async apply(deltas: readonly SloDelta[]): Promise<ApplyOutcome[]> {
    const results = await Promise.all(
      deltas.map((d) => {
        const call = applyCall(new SloKeys(this.prefix, d.sloId), d, LEVELS, V2_STRINGS);
        return this.applyScript(call.keys, call.args);
      }),
    );
    return results.map((r) => OUTCOME[Number(r)] ?? 'conflict');
  }

  async appliedOffsets(stream: string, sloIds: readonly string[]): Promise<Map<string, number>> {
    const values = await Promise.all(
      sloIds.map((id) => this.redis.hget(new SloKeys(this.prefix, id).offsets, stream)),
    );
    const out = new Map<string, number>();
    values.forEach((v, i) => {
      if (v !== null) out.set(sloIds[i]!, Number(v));
    });
    return out;
  }

  async windowCounts(queries: readonly WindowQuery[]): Promise<WindowCount[][]> {
    return Promise.all(queries.map((q) => this.queryOne(q)));
  }

  /**
   * One script call per query. Every window's byte runs are merged into one span per string
   * (the windows share their end, and a call costs Redis more per GETRANGE than per byte),
   * then each window is summed from its runs within the reply. Only a flat plan of numbers
   * waits for the reply: thousands of queries are in flight at once, and whatever they hold
   * survives young-generation collections.
   */
  private async queryOne(q: WindowQuery): Promise<WindowCount[]> {
    const keys = new SloKeys(this.prefix, q.sloId);
    const perWindow = q.windows.map((w) => {
      const runs: Run[] = [];
      for (const r of splitRange(alignedStart(q.end, w), q.end))
        runsOf(keys, LEVELS[r.level], r.from, r.to, runs);
      return runs;
    });
    const spans = new Map<string, { from: number; to: number; at: number }>();
    for (const runs of perWindow) {
      for (const run of runs) {
        const span = spans.get(run.key);
        if (span === undefined) spans.set(run.key, { from: run.from, to: run.from + run.length, at: 0 });
        else {
          span.from = Math.min(span.from, run.from);
          span.to = Math.max(span.to, run.from + run.length);
        }
      }
    }
    if (spans.size === 0) return q.windows.map(() => ({ good: 0, total: 0 }));
    const args: number[] = [];
    let at = 0;
    for (const span of spans.values()) {
      args.push(args.length / 3 + 1, span.from, span.to - span.from);
      span.at = at;
      at += span.to - span.from;
    }
    // plan: per window, its number of runs, then (offset in the reply, length, width) per run
    const plan: number[] = [];
    for (const runs of perWindow) {
      plan.push(runs.length);
      for (const run of runs) {
        const span = spans.get(run.key)!;
        plan.push(span.at + run.from - span.from, run.length, run.width);
      }
    }
    const bytes = await this.readScript([...spans.keys()], args);
    const out: WindowCount[] = [];
    for (let p = 0; p < plan.length; ) {
      const sum = { good: 0, total: 0 };
      const n = plan[p++]!;
      for (let i = 0; i < n; i++, p += 3) addPairs(sum, bytes, plan[p]!, plan[p + 1]!, plan[p + 2]!);
      out.push(sum);
    }
    return out;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** The connection belongs to the engine's RedisConnection, which closes it. */
  async close(): Promise<void> {}
}

/** Adds the (good, total) pairs of `length` bytes at `at` to `sum`; 8-byte counters as two 32-bit halves. */
function addPairs(sum: WindowCount, bytes: Buffer, at: number, length: number, width: number): void {
  let good = 0;
  let total = 0;
  const end = Math.min(at + length, bytes.length);
  if (width === 4) {
    for (let off = at; off + 8 <= end; off += 8) {
      good += bytes.readInt32BE(off);
      total += bytes.readInt32BE(off + 4);
    }
  } else {
    for (let off = at; off + 16 <= end; off += 16) {
      good += bytes.readInt32BE(off) * 4_294_967_296 + bytes.readUInt32BE(off + 4);
      total += bytes.readInt32BE(off + 8) * 4_294_967_296 + bytes.readUInt32BE(off + 12);
    }
  }
  sum.good += good;
  sum.total += total;
}
