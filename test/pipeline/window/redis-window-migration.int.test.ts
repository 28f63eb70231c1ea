// Stores written by layout v1 (the code before layout v2), migrated by the new code and read
// exactly, on a single Redis and on the three-master Cluster.
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisClient } from '../../../core/redis/redis-connection.js';
import { SloKeys } from '../../../pipeline/window/redis-window-layout.js';
import { migrateWindowsFromV1 } from '../../../pipeline/window/redis-window-migration.js';
import { RedisWindowStore } from '../../../pipeline/window/redis-window-store.js';
import { alignedStart } from '../../../pipeline/window/window-ranges.js';
import type { MinuteCount } from '../../../pipeline/window/window-store.js';
import { testRedis, testRedisCluster } from '../../support/redis.js';
import { V1RedisWindowStore } from '../../support/v1-window-store/v1-redis-window-store.js';

const DAY = 1440;
const PERIOD = 28 * DAY;
const RETENTION = PERIOD + 5;
const WINDOWS = [5, 30, 60, 120, 360, DAY, 3 * DAY, PERIOD];

/** A month of uneven traffic up to `now`: a count every 7 minutes. */
function month(now: number, seed: number): MinuteCount[] {
  const counts: MinuteCount[] = [];
  for (let m = now - 30 * DAY + (seed % 7); m < now; m += 7) {
    const total = 50 + ((m * 31 + seed) % 400);
    counts.push({ minute: m, good: total - ((m + seed) % 9), total });
  }
  return counts;
}

function expected(counts: readonly MinuteCount[], end: number, windows: readonly number[]) {
  return windows.map((w) => {
    const from = alignedStart(end, w);
    const inside = counts.filter((c) => c.minute >= from && c.minute < end);
    return { good: inside.reduce((n, c) => n + c.good, 0), total: inside.reduce((n, c) => n + c.total, 0) };
  });
}

const delta = (sloId: string, counts: MinuteCount[], next: number) => ({
  sloId,
  retentionMinutes: RETENTION,
  counts,
  guard: { stream: 'otlp_spans:0', from: next - 1, next },
});

function migrationSuite(name: string, client: () => RedisClient, newPrefix: () => string): void {
  describe(`window layout v1 -> v2 migration: ${name}`, () => {
    it('reads exact counts after the new code starts on a store the v1 code wrote, offsets kept', async () => {
      const redis = client();
      const prefix = newPrefix();
      const now = Math.floor(Date.now() / 60_000);
      const ids = ['checkout/avail', 'cart/{latency}'];
      const data = ids.map((_, i) => month(now, i + 1));
      const v1 = new V1RedisWindowStore(redis, prefix);
      for (const [i, id] of ids.entries()) {
        // In daily batches, as a running engine would have written them.
        const counts = data[i]!;
        for (let d = 0; d < 31; d++) {
          const batch = counts.filter((c) => Math.floor((now - c.minute) / DAY) === 30 - d);
          await v1.apply([delta(id, batch, d + 1)]);
        }
      }
      const result = await migrateWindowsFromV1(
        redis,
        prefix,
        ids.map((sloId) => ({ sloId, retentionMinutes: RETENTION })),
        now,
      );
      expect(result.slos).toBe(2);
      expect(result.strings).toBeGreaterThan(2 * 30);

      const store = new RedisWindowStore(redis, prefix);
      const got = await store.windowCounts(ids.map((sloId) => ({ sloId, end: now, windows: WINDOWS })));
      expect(got).toEqual(data.map((counts) => expected(counts, now, WINDOWS)));
      // Windows ending earlier in the last 3 days are exact too.
      const [earlier] = await store.windowCounts([{ sloId: ids[0]!, end: now - 777, windows: WINDOWS }]);
      expect(earlier).toEqual(expected(data[0]!, now - 777, WINDOWS));
      expect(await store.appliedOffsets('otlp_spans:0', ids)).toEqual(new Map(ids.map((id) => [id, 31])));

      // No v1 string is left (v1 minute `m:<day>`, hour `h:<block>`), and a second run finds none.
      for (const id of ids) {
        const names = await keysOf(redis, new SloKeys(prefix, id).base);
        expect(names.filter((n) => /^(m|h):/.test(n))).toEqual([]);
      }
      expect(
        (await migrateWindowsFromV1(redis, prefix, [{ sloId: ids[0]!, retentionMinutes: RETENTION }], now))
          .strings,
      ).toBe(0);
      expect(await store.windowCounts(ids.map((sloId) => ({ sloId, end: now, windows: WINDOWS })))).toEqual(
        got,
      );
    });

    it('adds to counts the new code wrote first, and two instances migrating at once count once', async () => {
      const redis = client();
      const prefix = newPrefix();
      const now = Math.floor(Date.now() / 60_000);
      const old = month(now - 60, 5);
      await new V1RedisWindowStore(redis, prefix).apply([
        { sloId: 's', retentionMinutes: RETENTION, counts: old },
      ]);
      // An instance on the new code counted the last hour before the migration ran.
      const fresh = Array.from({ length: 60 }, (_, i) => ({ minute: now - 60 + i, good: 3, total: 4 }));
      // ... and one minute the v1 strings also hold, so both sides of a v2 string are summed.
      fresh.push({ minute: old.at(-1)!.minute, good: 1, total: 1 });
      const store = new RedisWindowStore(redis, prefix);
      await store.apply([{ sloId: 's', retentionMinutes: RETENTION, counts: fresh }]);
      const targets = [{ sloId: 's', retentionMinutes: RETENTION }];
      const runs = await Promise.all([
        migrateWindowsFromV1(redis, prefix, targets, now),
        migrateWindowsFromV1(redis, prefix, targets, now),
      ]);
      // Each run is atomic for the SLO: one moves every v1 string, the other finds none.
      const found = runs.map((r) => r.strings).sort((a, b) => a - b);
      expect(found[0]).toBe(0);
      expect(found[1]).toBeGreaterThan(30);
      const [got] = await store.windowCounts([{ sloId: 's', end: now, windows: WINDOWS }]);
      expect(got).toEqual(expected([...old, ...fresh], now, WINDOWS));
    });
  });
}

async function keysOf(redis: RedisClient, base: string): Promise<string[]> {
  const pattern = `${base.replaceAll('{', '\\{').replaceAll('}', '\\}')}*`;
  const nodes =
    'nodes' in redis && typeof redis.nodes === 'function'
      ? (redis as Cluster).nodes('master')
      : [redis as Redis];
  const names = await Promise.all(nodes.map((n) => n.keys(pattern)));
  return names.flat().map((k) => k.slice(base.length));
}

const single = testRedis();
afterAll(single.cleanup);
migrationSuite(
  'redis',
  () => single.redis,
  () => `${single.prefix}${randomUUID()}:`,
);

let cluster: Cluster;
let clusterPrefix: () => string;
let clusterCleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cluster, newPrefix: clusterPrefix, cleanup: clusterCleanup } = await testRedisCluster());
});
afterAll(() => clusterCleanup());
migrationSuite(
  'redis cluster',
  () => cluster,
  () => clusterPrefix(),
);
