import { afterAll, describe, expect, it } from 'vitest';
import { SloKeys } from '../../../pipeline/window/redis-window-layout.js';
import { RedisWindowStore } from '../../../pipeline/window/redis-window-store.js';
import { testRedis } from '../../support/redis.js';
import { windowStoreConformance } from './window-store-conformance.js';

const { redis, prefix, cleanup } = testRedis();
afterAll(cleanup);

windowStoreConformance('redis', async () => new RedisWindowStore(redis, prefix));

describe('RedisWindowStore keys', () => {
  it('puts every key of one SLO under one hash tag and gives each a TTL past the retention', async () => {
    const store = new RedisWindowStore(redis, prefix);
    const minute = 29_400_000;
    await store.apply([
      {
        sloId: 'cart/{odd}',
        retentionMinutes: 28 * 1440,
        counts: [{ minute, good: 1, total: 1 }],
        guard: { stream: 't:0', from: 0, next: 1 },
      },
    ]);
    const base = new SloKeys(prefix, 'cart/{odd}').base;
    const keys = (await redis.keys(`${base.replaceAll('{', '\\{').replaceAll('}', '\\}')}*`)).sort();
    // minute / 360, hour / 240, day / 128
    expect(keys.map((k) => k.slice(base.length))).toEqual(['d:159', 'h10d:2041', 'm6h:81666', 'off']);
    for (const k of keys) expect(k.match(/\{[^}]*\}/)?.[0]).toBe('{cart/%7Bodd%7D}');
    // Minute strings live as long as the longest exact window needs them; the rest past the retention.
    const minuteTtl = await redis.ttl(`${base}m6h:81666`);
    expect(minuteTtl).toBeGreaterThan(3 * 86_400);
    expect(minuteTtl).toBeLessThanOrEqual(3 * 86_400 + 2 * 3600);
    for (const suffix of ['d:159', 'h10d:2041', 'off']) {
      expect(await redis.ttl(`${base}${suffix}`)).toBeGreaterThan(28 * 86_400);
    }
    // Written at full size at once, so Redis never over-allocates a growing string.
    expect(await redis.strlen(`${base}m6h:81666`)).toBe(360 * 8);
    expect(await redis.strlen(`${base}h10d:2041`)).toBe(240 * 16);
    expect(await redis.strlen(`${base}d:159`)).toBe(128 * 16);
  });
});
