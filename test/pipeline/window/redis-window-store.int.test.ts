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
    expect(keys.map((k) => k.slice(base.length))).toEqual(['d:159', 'h:680', 'm:20416', 'off']);
    for (const k of keys) {
      expect(k.match(/\{[^}]*\}/)?.[0]).toBe('{cart/%7Bodd%7D}');
      const ttl = await redis.ttl(k);
      expect(ttl).toBeGreaterThan(28 * 86_400);
    }
    // A minute string is 1440 pairs of i32 at most: written up to the bucket touched.
    expect(await redis.strlen(`${base}m:20416`)).toBeLessThanOrEqual(1440 * 8);
  });
});
