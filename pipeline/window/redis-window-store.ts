import type { RedisClient } from '../../core/redis/redis-connection.js';
import { APPLY_COUNTS_LUA } from './apply-counts-script.js';
import { bucketsOf, LEVELS, type Level, SloKeys } from './redis-window-layout.js';
import { splitRange } from './window-ranges.js';
import type { ApplyOutcome, SloDelta, WindowCount, WindowQuery, WindowStore } from './window-store.js';

type ApplyCommand = (keys: string[], args: Array<string | number>) => Promise<number>;

const OUTCOME: Record<number, ApplyOutcome> = { 1: 'applied', 0: 'duplicate', [-1]: 'conflict' };

interface KeyOps {
  level: Level;
  /** counter index -> amount */
  ops: Map<number, number>;
}

/**
 * WindowStore on Redis (single node or Cluster). Each SLO's delta is one EVALSHA of a Lua
 * script that checks the offset guard and increments the SLO's minute, hour and day strings
 * with BITFIELD; reads are GETRANGEs of just the bytes a window needs, which ioredis
 * auto-pipelines. See redis-window-layout.ts for the key design.
 */
export class RedisWindowStore implements WindowStore {
  private readonly applyScript: ApplyCommand;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    if (typeof (redis as unknown as Record<string, unknown>).flApplyCounts !== 'function') {
      redis.defineCommand('flApplyCounts', { lua: APPLY_COUNTS_LUA });
    }
    const command = (
      redis as unknown as Record<string, (...a: Array<string | number>) => Promise<number>>
    ).flApplyCounts!.bind(redis);
    this.applyScript = (keys, args) => command(keys.length, ...keys, ...args);
  }

  async apply(deltas: readonly SloDelta[]): Promise<ApplyOutcome[]> {
    const results = await Promise.all(deltas.map((d) => this.applyOne(d)));
    return results.map((r) => OUTCOME[r] ?? 'conflict');
  }

  private applyOne(d: SloDelta): Promise<number> {
    const keys = new SloKeys(this.prefix, d.sloId);
    const byKey = new Map<string, KeyOps>();
    for (const c of d.counts) {
      if (c.good === 0 && c.total === 0) continue;
      const buckets = bucketsOf(c.minute);
      for (const level of ['minute', 'hour', 'day'] as const) {
        const { key, index } = keys.block(level, buckets[level]);
        let entry = byKey.get(key);
        if (entry === undefined) {
          entry = { level, ops: new Map() };
          byKey.set(key, entry);
        }
        entry.ops.set(2 * index, (entry.ops.get(2 * index) ?? 0) + c.good);
        entry.ops.set(2 * index + 1, (entry.ops.get(2 * index + 1) ?? 0) + c.total);
      }
    }
    const g = d.guard;
    const args: Array<string | number> = [
      g?.stream ?? '',
      g?.from ?? 0,
      g?.next ?? 0,
      (d.retentionMinutes + LEVELS.minute.ttlExtraMinutes) * 60,
    ];
    for (const { level, ops } of byKey.values()) {
      const l = LEVELS[level];
      args.push((d.retentionMinutes + l.ttlExtraMinutes) * 60, l.type, ops.size);
      for (const [index, amount] of ops) args.push(index, amount);
    }
    return this.applyScript([keys.offsets, ...byKey.keys()], args);
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

  /** Fetches, per key, one byte run covering every bucket the query's windows need, then sums. */
  private async queryOne(q: WindowQuery): Promise<WindowCount[]> {
    const keys = new SloKeys(this.prefix, q.sloId);
    const pieces = q.windows.map((w) =>
      splitRange(q.end - w, q.end).flatMap((r) => this.piecesOf(keys, r.level, r.from, r.to)),
    );
    const spans = new Map<string, { from: number; to: number }>();
    for (const p of pieces.flat()) {
      const s = spans.get(p.key);
      if (s === undefined) spans.set(p.key, { from: p.from, to: p.to });
      else {
        s.from = Math.min(s.from, p.from);
        s.to = Math.max(s.to, p.to);
      }
    }
    const fetched = new Map<string, { from: number; bytes: Buffer }>();
    await Promise.all(
      [...spans].map(async ([key, s]) => {
        fetched.set(key, { from: s.from, bytes: await this.redis.getrangeBuffer(key, s.from, s.to - 1) });
      }),
    );
    return pieces.map((list) => {
      const sum = { good: 0, total: 0 };
      for (const p of list) {
        const f = fetched.get(p.key)!;
        const pairBytes = 2 * p.width;
        for (let off = p.from - f.from; off < p.to - f.from; off += pairBytes) {
          if (off + pairBytes > f.bytes.length) break;
          sum.good += read(f.bytes, off, p.width);
          sum.total += read(f.bytes, off + p.width, p.width);
        }
      }
      return sum;
    });
  }

  /** Byte runs [from, to) of the keys holding buckets [fromBucket, toBucket) of a level. */
  private piecesOf(keys: SloKeys, level: Level, fromBucket: number, toBucket: number) {
    const l = LEVELS[level];
    const out: Array<{ key: string; from: number; to: number; width: 4 | 8 }> = [];
    let b = fromBucket;
    while (b < toBucket) {
      const { key, index } = keys.block(level, b);
      const n = Math.min(toBucket - b, l.perBlock - index);
      out.push({ key, from: index * 2 * l.width, to: (index + n) * 2 * l.width, width: l.width });
      b += n;
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

function read(bytes: Buffer, offset: number, width: 4 | 8): number {
  return width === 4 ? bytes.readInt32BE(offset) : Number(bytes.readBigInt64BE(offset));
}
