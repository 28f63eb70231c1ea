import { randomUUID } from 'node:crypto';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisExternalAlertStore } from '../../../alerting/receiver/redis-external-alert-store.js';
import { testRedis, testRedisCluster } from '../../support/redis.js';
import { external, externalAlertStoreConformance } from './external-alert-store-conformance.js';

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

externalAlertStoreConformance(
  'redis',
  async (limits) => new RedisExternalAlertStore(redis, `${prefix}${randomUUID()}:`, limits),
);
externalAlertStoreConformance(
  'redis cluster',
  async (limits) => new RedisExternalAlertStore(cluster, clusterPrefix(), limits),
);

describe('RedisExternalAlertStore shared by instances', () => {
  it('shows what one instance recorded to another', async () => {
    const shared = `${prefix}${randomUUID()}:`;
    const a = new RedisExternalAlertStore(redis, shared, { now: Date.now });
    const b = new RedisExternalAlertStore(redis, shared, { now: Date.now });
    const receivedAt = new Date().toISOString();
    await a.record([external('f1', { receivedAt })]);
    expect((await b.list()).map((x) => x.fingerprint)).toEqual(['f1']);
  });

  it('keeps the resolution when instances write firing and resolved at once (an HA pair sends to both)', async () => {
    const shared = `${prefix}${randomUUID()}:`;
    const [a, b] = [0, 1].map(() => new RedisExternalAlertStore(redis, shared, { now: Date.now }));
    const receivedAt = new Date().toISOString();
    const firing = external('f2', { receivedAt });
    const resolved = external('f2', { receivedAt, status: 'resolved', endsAt: receivedAt });
    // Both instances get both notifications at once, b the firing one last. On one connection
    // every read is sent before any write, so each decides on an empty store: without the
    // compare-and-set, b's late firing would overwrite the resolution.
    const counts = await Promise.all([
      a!.record([firing]),
      a!.record([resolved]),
      b!.record([resolved]),
      b!.record([firing]),
    ]);
    // Whatever the interleaving, the resolution is the last word, and it was written.
    expect(await a!.get('f2')).toEqual(resolved);
    expect(counts.some((n) => n === 1)).toBe(true);
  });
});
