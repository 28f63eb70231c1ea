import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../../core/faultline-error.js';
import { SeriesErrorCode } from '../../../pipeline/series/errors.js';
import { latencyBucketIndex } from '../../../pipeline/series/latency-buckets.js';
import { RedisSeriesStore } from '../../../pipeline/series/redis-series-store.js';
import { SeriesAggregator } from '../../../pipeline/series/series-aggregator.js';
import type { SeriesStore } from '../../../pipeline/series/series-store.js';
import { REDIS_URL } from '../../support/services.js';
import { metricPoint, serverSpan, T0 } from './fixtures.js';
import { describeSeriesStoreConformance } from './series-store-conformance.js';

let client: Redis;

beforeAll(async () => {
  client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await client.connect();
});

afterAll(async () => {
  await client.quit();
});

/** Deletes every key under `prefix`. */
async function deletePrefix(prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await client.del(...keys);
  } while (cursor !== '0');
}

/** The hash tag Redis Cluster would hash (for servers without cluster support compiled in). */
function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

async function keysUnder(prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.sort();
}

describeSeriesStoreConformance('RedisSeriesStore', () => {
  const stores: SeriesStore[] = [];
  const prefix = `test:${randomUUID()}:`;
  return {
    async create(options) {
      const store = new RedisSeriesStore(client, { ...options, keyPrefix: prefix });
      stores.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(stores.map((s) => s.close()));
      await deletePrefix(prefix);
    },
  };
});

describe('RedisSeriesStore keys', () => {
  const prefix = `test:${randomUUID()}:`;
  afterEach(async () => {
    await deletePrefix(prefix);
  });

  it('keeps a subject in per-block hashes under its hash tag, expiring a retention plus a block later', async () => {
    const store = new RedisSeriesStore(client, { keyPrefix: prefix, retentionMs: 3_600_000 });
    const agg = new SeriesAggregator({ retentionMs: 3_600_000, now: () => T0 });
    agg.addSpan(serverSpan('checkout', T0 + 1, 5));
    agg.addSpan(serverSpan('checkout', T0 + 61_000, 5));
    agg.addEdgeCall({
      source: 'checkout',
      target: 'db',
      endNs: BigInt(T0) * 1_000_000n,
      durationNs: 1e6,
      failed: false,
    });
    agg.addMetricPoint(metricPoint('checkout', 'cpu', T0 + 2_000, { type: 'gauge', value: 0.5 }));
    await store.write(agg.drain());
    const metricBlock = Math.floor((T0 + 2_000) / 300_000) * 300_000;
    expect(await keysUnder(prefix)).toEqual([
      `${prefix}series:subjects`,
      `${prefix}series:{edge:checkout->db}:s:${T0}`,
      `${prefix}series:{svc:checkout}:m:${metricBlock}:cpu`,
      `${prefix}series:{svc:checkout}:metrics`,
      `${prefix}series:{svc:checkout}:s:${T0}`,
      `${prefix}series:{svc:checkout}:s:${T0 + 60_000}`,
    ]);
    for (const key of await keysUnder(prefix)) {
      const ttl = await client.ttl(key);
      expect(ttl, key).toBeGreaterThan(3_600 + 300 - 10);
      expect(ttl, key).toBeLessThanOrEqual(3_600 + 300);
    }
    // Bucket offset 0, latency 5 ms: histogram bucket index 57 of the log scheme.
    expect(await client.hgetall(`${prefix}series:{svc:checkout}:s:${T0}`)).toEqual({
      '0r': '1',
      '0l': '5000',
      [String(latencyBucketIndex(5))]: '1',
    });
    const offset = (T0 - metricBlock) / 10_000;
    expect(await client.hgetall(`${prefix}series:{svc:checkout}:m:${metricBlock}:cpu`)).toEqual({
      [`${offset}g`]: '0.5',
      [`${offset}n`]: '1',
    });
  });

  it('puts every key of one subject in the same Cluster slot, even with braces in the name', async () => {
    const store = new RedisSeriesStore(client, { keyPrefix: prefix });
    const agg = new SeriesAggregator({ now: () => T0 });
    agg.addSpan(serverSpan('we{ird}', T0, 5));
    agg.addMetricPoint(metricPoint('we{ird}', 'm', T0, { type: 'gauge', value: 1 }));
    await store.write(agg.drain());
    const keys = (await keysUnder(prefix)).filter((k) => !k.endsWith(':series:subjects'));
    expect(keys).toHaveLength(3);
    const slots = await Promise.all(
      keys.map((k) => client.call('CLUSTER', 'KEYSLOT', k).catch(() => hashTagOf(k))),
    );
    expect(new Set(slots).size).toBe(1);
    expect(await store.subjects()).toEqual([{ kind: 'service', service: 'we{ird}' }]);
  });

  it('refuses a block that is not a multiple of the resolution', () => {
    let err: unknown;
    try {
      new RedisSeriesStore(client, { keyPrefix: prefix, blockMs: 15_000 });
    } catch (e) {
      err = e;
    }
    expect(hasCode(err, SeriesErrorCode.InvalidOptions)).toBe(true);
  });
});
