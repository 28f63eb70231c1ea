import { defineScript, type ScriptCall } from '../../core/redis/define-script.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import { APPLY_COUNTS_LUA } from './apply-counts-script.js';
import { type ReadPlan, readPlan } from './read-plan.js';
import { READ_RANGES_LUA } from './read-ranges-script.js';
import { applyCall, type StringPolicy } from './redis-count-ops.js';
import { blockBytes, LEVELS, SloKeys, ttlSeconds } from './redis-window-layout.js';
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

  /** One script call per query; the queries of one evaluation share their plan. */
  async windowCounts(queries: readonly WindowQuery[]): Promise<WindowCount[][]> {
    const plans = new Map<string, ReadPlan>();
    return Promise.all(
      queries.map((q) => {
        const signature = `${q.end} ${q.windows.join(',')}`;
        let plan = plans.get(signature);
        if (plan === undefined) {
          plan = readPlan(q.end, q.windows);
          plans.set(signature, plan);
        }
        return this.queryOne(q.sloId, plan);
      }),
    );
  }

  private async queryOne(sloId: string, plan: ReadPlan): Promise<WindowCount[]> {
    if (plan.suffixes.length === 0) return plan.windows.map(() => ({ good: 0, total: 0 }));
    const base = new SloKeys(this.prefix, sloId).base;
    const bytes = await this.readScript(
      plan.suffixes.map((s) => base + s),
      plan.args,
    );
    const { runs } = plan;
    const good = new Float64Array(runs.length / 3);
    const total = new Float64Array(runs.length / 3);
    for (let i = 0, p = 0; p < runs.length; i++, p += 3) {
      sumPairs(bytes, runs[p]!, runs[p + 1]!, runs[p + 2]!, good, total, i);
    }
    return plan.windows.map((indexes) => {
      const sum = { good: 0, total: 0 };
      for (const i of indexes) {
        sum.good += good[i]!;
        sum.total += total[i]!;
      }
      return sum;
    });
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

/** Sums the (good, total) pairs of `length` bytes at `at` into slot `i`; 8-byte counters as two 32-bit halves. */
function sumPairs(
  bytes: Buffer,
  at: number,
  length: number,
  width: number,
  goods: Float64Array,
  totals: Float64Array,
  i: number,
): void {
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
  goods[i] = good;
  totals[i] = total;
}
