/**
 * Measures what one subject with a full retention of data costs in Redis (the figures in
 * pipeline/series/README.md). Not a test; run it by hand against a scratch Redis:
 *
 *   npx tsx test/pipeline/series/measure-redis-memory.ts [rps] [sigma] [metrics] [blockMs...]
 *
 * For each block size it writes 24 h of 10 s buckets for one service receiving `rps`
 * calls per second (log-normal latencies, median 20 ms, sigma 0.6 by default; 1 % errors)
 * and `metrics` gauges (one value per bucket), then sums `MEMORY USAGE` over the subject's
 * keys and removes them.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { latencyBucketIndex } from '../../../pipeline/series/latency-buckets.js';
import { RedisSeriesStore } from '../../../pipeline/series/redis-series-store.js';
import { addCount, type BucketAggregate, emptyBucket } from '../../../pipeline/series/series-batch.js';
import type { Subject } from '../../../pipeline/series/subject.js';
import { REDIS_URL } from '../../support/services.js';

const RESOLUTION_MS = 10_000;
const DAY_MS = 86_400_000;
const START = 1_700_006_400_000;

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

function bucketOf(
  subject: Subject,
  bucketMs: number,
  calls: number,
  sigma: number,
  metrics: number,
): BucketAggregate {
  const b = emptyBucket(subject, bucketMs);
  for (let m = 0; m < metrics; m++)
    b.metricMeans.set(`process.metric.${m}`, { sum: Math.random() * 1000, count: 1 });
  for (let i = 0; i < calls; i++) {
    const ms = 20 * Math.exp(sigma * gaussian());
    b.requests++;
    if (Math.random() < 0.01) b.errors++;
    b.latencySumUs += Math.round(ms * 1000);
    addCount(b.latencyCounts, latencyBucketIndex(ms), 1);
  }
  return b;
}

async function measure(
  client: Redis,
  rps: number,
  sigma: number,
  metrics: number,
  blockMs: number,
): Promise<void> {
  const prefix = `measure:${randomUUID()}:`;
  const store = new RedisSeriesStore(client, { keyPrefix: prefix, blockMs });
  const subject: Subject = { kind: 'service', service: 'checkout' };
  const calls = Math.round((rps * RESOLUTION_MS) / 1000);
  for (let t = START; t < START + DAY_MS; t += 60 * RESOLUTION_MS) {
    const buckets: BucketAggregate[] = [];
    for (let k = 0; k < 60; k++)
      buckets.push(bucketOf(subject, t + k * RESOLUTION_MS, calls, sigma, metrics));
    await store.write({ resolutionMs: RESOLUTION_MS, buckets });
  }
  const keys = await client.keys(`${prefix}series:{*`); // a scratch Redis: KEYS is fine here
  let bytes = 0;
  const encodings = new Map<string, number>();
  for (const key of keys) {
    bytes += Number(await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    const enc = String(await client.call('OBJECT', 'ENCODING', key));
    encodings.set(enc, (encodings.get(enc) ?? 0) + 1);
  }
  console.log(
    `rps=${rps} sigma=${sigma} metrics=${metrics} blockMs=${blockMs}: ${keys.length} keys, ${(bytes / 1024 / 1024).toFixed(2)} MiB ` +
      `(${(bytes / (DAY_MS / RESOLUTION_MS)).toFixed(0)} B/bucket), encodings ${JSON.stringify([...encodings])}`,
  );
  for (const key of await client.keys(`${prefix}*`)) await client.del(key);
}

const rps = Number(process.argv[2] ?? 100);
const sigma = Number(process.argv[3] ?? 0.6);
const metrics = Number(process.argv[4] ?? 0);
const blocks = process.argv.slice(5).map(Number);
const client = new Redis(REDIS_URL);
try {
  for (const blockMs of blocks.length > 0 ? blocks : [10_000, 30_000, 60_000]) {
    await measure(client, rps, sigma, metrics, blockMs);
  }
} finally {
  await client.quit();
}
