// Redis memory of one 28-day SLO in steady state, measured with MEMORY USAGE on the real Redis.
import { afterAll, describe, expect, it } from 'vitest';
import { SloKeys } from '../../../pipeline/window/redis-window-layout.js';
import { RedisWindowStore } from '../../../pipeline/window/redis-window-store.js';
import type { MinuteCount, WindowStore } from '../../../pipeline/window/window-store.js';
import { testRedis } from '../../support/redis.js';
import { V1RedisWindowStore } from '../../support/v1-window-store/v1-redis-window-store.js';
import { bytesUnder, dropExpired, month, PERIOD, RETENTION } from '../../support/window-memory.js';

const { redis, prefix, cleanup } = testRedis();
afterAll(cleanup);

const DAY = 1440;

async function write(store: WindowStore, sloId: string, counts: readonly MinuteCount[]): Promise<void> {
  for (let i = 0; i < counts.length; i += 720) {
    await store.apply([{ sloId, retentionMinutes: RETENTION, counts: counts.slice(i, i + 720) }]);
  }
}

describe('RedisWindowStore memory', () => {
  it('holds a 28-day SLO in at most 100 KiB, with every window still answered (layout v1: over 300 KiB)', async () => {
    const now = Math.floor(Date.now() / 60_000);
    const counts = month(now);
    const store = new RedisWindowStore(redis, prefix);
    await write(store, 'mem/v2', counts);
    const base = new SloKeys(prefix, 'mem/v2').base;
    await dropExpired(redis, base, now);
    const v2 = await bytesUnder(redis, base);

    // What layout v1 holds for the same month: its strings outlive the whole retention.
    const v1store = new V1RedisWindowStore(redis, prefix);
    await write(v1store, 'mem/v1', counts);
    const v1 = await bytesUnder(redis, new SloKeys(prefix, 'mem/v1').base);

    expect(v2).toBeLessThanOrEqual(100 * 1024);
    expect(v1).toBeGreaterThan(300 * 1024);

    // What is left still answers: the windows exactly, the period from its first whole hour.
    const windows = [5, 30, 60, 120, 360, DAY, 3 * DAY, PERIOD];
    const [got] = await store.windowCounts([{ sloId: 'mem/v2', end: now, windows }]);
    const expected = windows.map((w) => {
      const from = w <= 3 * DAY ? now - w : Math.ceil((now - w) / 60) * 60;
      const inside = counts.filter((c) => c.minute >= from);
      return { good: inside.reduce((n, c) => n + c.good, 0), total: inside.reduce((n, c) => n + c.total, 0) };
    });
    expect(got).toEqual(expected);
  });
});
