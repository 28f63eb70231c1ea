import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../topology/graph-store.js';
import { sliceKey } from '../../topology/redis-graph-layout.js';
import { RedisGraphStore } from '../../topology/redis-graph-store.js';
import { testRedis } from '../support/redis.js';
import { REDIS_URL } from '../support/services.js';
import { update } from './fixtures.js';
import { describeGraphStoreConformance } from './graph-store-conformance.js';

let admin: ReturnType<typeof testRedis>;
beforeAll(() => {
  admin = testRedis();
});
afterAll(async () => {
  await admin.cleanup();
});

describeGraphStoreConformance('RedisGraphStore', () => {
  const stores: GraphStore[] = [];
  const clients: Redis[] = [];
  let prefix = `test:${randomUUID()}:`;
  return {
    async create(options) {
      // A client per store: as separate instances would write.
      const client = new Redis(REDIS_URL);
      clients.push(client);
      const store = new RedisGraphStore(client, { ...options, keyPrefix: prefix });
      stores.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map((s) => s.close()));
      await Promise.all(clients.splice(0).map((c) => c.quit()));
      const keys = await admin.redis.keys(`${prefix}*`);
      if (keys.length > 0) await admin.redis.del(...keys);
      prefix = `test:${randomUUID()}:`;
    },
  };
});

describe('RedisGraphStore layout', () => {
  it('keeps one hash per slice under one hash tag, expiring a retention after its last write', async () => {
    const store = new RedisGraphStore(admin.redis, {
      keyPrefix: admin.prefix,
      sliceMs: 60_000,
      retentionMs: 3_600_000,
    });
    const base = Math.floor(Date.now() / 60_000) * 60_000;
    await store.write([
      update('a', 'b', base),
      update('a>b', 'c', base + 10_000),
      update('a', 'b', base + 60_000),
    ]);
    const key = sliceKey(admin.prefix, base);
    expect(key).toMatch(/\{topology\}/);
    expect(await admin.redis.hkeys(key)).toEqual(expect.arrayContaining(['a>b', 'a%3Eb>c']));
    const ttl = await admin.redis.pttl(key);
    expect(ttl).toBeGreaterThan(3_600_000);
    expect(ttl).toBeLessThanOrEqual(3_660_000);
    expect(await admin.redis.exists(sliceKey(admin.prefix, base + 60_000))).toBe(1);
  });

  it('refuses a key prefix with braces', () => {
    expect(() => new RedisGraphStore(admin.redis, { keyPrefix: 'fl:{x}:' })).toThrow(
      expect.objectContaining({ code: 'FL_TOPOLOGY_INVALID_OPTIONS' }),
    );
  });
});
