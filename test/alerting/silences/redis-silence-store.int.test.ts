import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSilenceStore } from '../../../alerting/silences/redis-silence-store.js';
import { testRedis, testRedisCluster } from '../../support/redis.js';
import { silence, silenceStoreConformance } from './silence-store-conformance.js';

const { redis, prefix, cleanup } = testRedis();
let cluster: Cluster;
let clusterPrefix: () => string;
let clusterCleanup: () => Promise<void>;

beforeAll(async () => {
  ({ cluster, newPrefix: clusterPrefix, cleanup: clusterCleanup } = await testRedisCluster());
});
afterAll(async () => {
  await Promise.all([cleanup(), clusterCleanup()]);
});

silenceStoreConformance('redis', async () => new RedisSilenceStore(redis, `${prefix}${randomUUID()}:`));
silenceStoreConformance('redis cluster', async () => new RedisSilenceStore(cluster, clusterPrefix()));

describe('RedisSilenceStore shared by instances', () => {
  it('shows a silence one instance created, and its expiry, to another', async () => {
    const shared = `${prefix}${randomUUID()}:`;
    const a = new RedisSilenceStore(redis, shared);
    const b = new RedisSilenceStore(redis, shared);
    await a.create(silence('s1', ['service="checkout"']));
    expect((await b.list()).map((s) => s.id)).toEqual(['s1']);
    const ended = await b.expire('s1', Date.parse('2025-03-01T12:30:00Z'));
    expect((await a.get('s1'))?.endsAt).toBe(ended?.endsAt);
  });
});
