// Measures what the graph costs in Redis (the figures in topology/README.md):
//   npx tsx test/topology/measure-redis-memory.ts
// Needs the test Redis; writes under its own prefix and deletes it afterwards.
import { Redis } from 'ioredis';
import type { EdgeUpdate } from '../../topology/model.js';
import { sliceKey } from '../../topology/redis-graph-layout.js';
import { RedisGraphStore } from '../../topology/redis-graph-store.js';
import { REDIS_URL, uniqueName } from '../support/services.js';

const MIN = 60_000;

function edge(source: string, target: string, bucketMs: number): EdgeUpdate {
  return {
    source,
    target,
    bucketMs,
    connectionType: 'direct',
    sourceKind: 'service',
    targetKind: 'service',
    calls: 123_456,
    failedCalls: 1234,
    clientLatencySumUs: 987_654_321,
    clientCalls: 123_456,
    serverLatencySumUs: 887_654_321,
    serverCalls: 123_456,
    lastSeenMs: bucketMs + MIN - 1,
  };
}

async function main(): Promise<void> {
  const redis = new Redis(REDIS_URL);
  const prefix = `${uniqueName('measure')}:`;
  const store = new RedisGraphStore(redis, { keyPrefix: prefix });
  const base = Math.floor(Date.now() / MIN) * MIN;
  try {
    for (const edges of [50, 500, 2000]) {
      const slice = base + edges * MIN;
      await store.write(
        Array.from({ length: edges }, (_, i) => edge(`service-${i % 40}`, `dependency-${i}`, slice)),
      );
      const bytes = Number(await redis.memory('USAGE', sliceKey(prefix, slice), 'SAMPLES', 0));
      console.log(`${edges} edges in one slice: ${bytes} B, ${Math.round(bytes / edges)} B per edge`);
    }
    for (let s = 0; s <= 60; s++) {
      const slice = base - s * MIN;
      await store.write(
        Array.from({ length: 200 }, (_, i) => edge(`service-${i % 20}`, `dependency-${i}`, slice)),
      );
    }
    const started = performance.now();
    for (let i = 0; i < 20; i++) await store.read({ fromMs: base - 60 * MIN, toMs: base });
    console.log(
      `read of one hour (61 slices) x 200 edges: ${((performance.now() - started) / 20).toFixed(1)} ms`,
    );
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

await main();
