import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Slo } from '../pipeline/slo/slo.js';
import { DEFAULT_WINDOWS_MINUTES } from '../pipeline/status/slo-status.js';
import { SloStatusReader } from '../pipeline/status/slo-status-reader.js';
import { RedisWindowStore } from '../pipeline/window/redis-window-store.js';
import { BENCH_REDIS_URL } from './services.js';

/**
 * One evaluation of `count` SLOs over all windows (the 28-day period plus the seven
 * burn-rate windows) from Redis: the store reads and the status computation the alert
 * evaluator runs every tick. Each SLO has a count every 5 minutes over the last 2 days
 * (keeping Redis at ~250 MB for 10k SLOs); windows reaching further back read empty
 * ranges, which costs Redis the same commands.
 */
export async function benchEval(
  count: number,
  rounds: number,
): Promise<{ ms_10k_slos: number; slos: number }> {
  const redis = new Redis(BENCH_REDIS_URL, { enableAutoPipelining: true });
  const prefix = `bench:${randomUUID()}:`;
  const store = new RedisWindowStore(redis, prefix);
  const end = Math.floor(Date.now() / 60_000);
  const slos: Slo[] = Array.from({ length: count }, (_, i) => ({
    id: `svc-${i % 500}/slo-${i}`,
    service: `svc-${i % 500}`,
    name: `slo-${i}`,
    objective: 0.999,
    periodMinutes: 28 * 1440,
    sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
    labels: {},
    origin: { file: 'bench', format: 'native' },
  }));
  const counts = Array.from({ length: (2 * 1440) / 5 }, (_, k) => ({
    minute: end - 2 * 1440 + 5 * k,
    good: 99,
    total: 100,
  }));
  for (let i = 0; i < slos.length; i += 200) {
    await store.apply(
      slos.slice(i, i + 200).map((s) => ({ sloId: s.id, retentionMinutes: 28 * 1440, counts })),
    );
  }
  const reader = new SloStatusReader(slos, store, DEFAULT_WINDOWS_MINUTES);
  await reader.read(end); // warm-up: connections, script cache
  const start = performance.now();
  for (let r = 0; r < rounds; r++) await reader.read(end);
  const ms = (performance.now() - start) / rounds;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  return { ms_10k_slos: Math.round((ms * 10_000) / count), slos: count };
}
