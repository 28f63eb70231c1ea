import { defineScript, type ScriptCall } from '../../../core/redis/define-script.js';
import type { RedisClient } from '../../../core/redis/redis-connection.js';
import { APPLY_COUNTS_LUA } from '../../../pipeline/window/apply-counts-script.js';
import { applyCall, type Run, runsOf, type StringPolicy } from '../../../pipeline/window/redis-count-ops.js';
import { SloKeys } from '../../../pipeline/window/redis-window-layout.js';
import { V1_LEVELS, V1_TTL_EXTRA_MINUTES } from '../../../pipeline/window/v1-window-layout.js';
import { splitRange } from '../../../pipeline/window/window-ranges.js';
import type {
  ApplyOutcome,
  SloDelta,
  WindowCount,
  WindowQuery,
  WindowStore,
} from '../../../pipeline/window/window-store.js';

const V1_STRINGS: StringPolicy = {
  ttlSeconds: (level, retention) => (retention + V1_TTL_EXTRA_MINUTES[level]) * 60,
  bytes: () => 0,
};

/**
 * The Redis WindowStore as faultline ran it before layout v2, for the migration tests and as
 * the same-run baseline of `npm run bench`: layout v1's strings (grown by BITFIELD, kept for
 * the whole retention), every window exact, read with one GETRANGE per string (ioredis
 * pipelines them) and summed here.
 */
export class V1RedisWindowStore implements WindowStore {
  private readonly applyScript: ScriptCall;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    this.applyScript = defineScript(redis, 'flApplyCountsV2', APPLY_COUNTS_LUA);
  }

  async apply(deltas: readonly SloDelta[]): Promise<ApplyOutcome[]> {
    const results = await Promise.all(
      deltas.map((d) => {
        const call = applyCall(new SloKeys(this.prefix, d.sloId), d, V1_LEVELS, V1_STRINGS);
        return this.applyScript(call.keys, call.args);
      }),
    );
    const outcome: Record<number, ApplyOutcome> = { 1: 'applied', 0: 'duplicate', [-1]: 'conflict' };
    return results.map((r) => outcome[Number(r)] ?? 'conflict');
  }

  async appliedOffsets(stream: string, sloIds: readonly string[]): Promise<Map<string, number>> {
    const values = await Promise.all(
      sloIds.map((id) => this.redis.hget(new SloKeys(this.prefix, id).offsets, stream)),
    );
    return new Map(sloIds.flatMap((id, i) => (values[i] == null ? [] : [[id, Number(values[i])]])));
  }

  async windowCounts(queries: readonly WindowQuery[]): Promise<WindowCount[][]> {
    return Promise.all(queries.map((q) => this.queryOne(q)));
  }

  /** Fetches, per key, one byte run covering every bucket the query's windows need, then sums. */
  private async queryOne(q: WindowQuery): Promise<WindowCount[]> {
    const keys = new SloKeys(this.prefix, q.sloId);
    const pieces = q.windows.map((w) => {
      const runs: Run[] = [];
      for (const r of splitRange(q.end - w, q.end)) runsOf(keys, V1_LEVELS[r.level], r.from, r.to, runs);
      return runs;
    });
    const spans = new Map<string, { from: number; to: number }>();
    for (const p of pieces.flat()) {
      const s = spans.get(p.key);
      if (s === undefined) spans.set(p.key, { from: p.from, to: p.from + p.length });
      else {
        s.from = Math.min(s.from, p.from);
        s.to = Math.max(s.to, p.from + p.length);
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
        for (let off = p.from - f.from; off < p.from + p.length - f.from; off += pairBytes) {
          if (off + pairBytes > f.bytes.length) break;
          sum.good += read(f.bytes, off, p.width);
          sum.total += read(f.bytes, off + p.width, p.width);
        }
      }
      return sum;
    });
  }

  async ping(): Promise<boolean> {
    return (await this.redis.ping()) === 'PONG';
  }

  async close(): Promise<void> {}
}

function read(bytes: Buffer, offset: number, width: 4 | 8): number {
  return width === 4 ? bytes.readInt32BE(offset) : Number(bytes.readBigInt64BE(offset));
}
