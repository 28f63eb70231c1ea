import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { median } from 'simple-statistics';
import { RedisConnection } from '../core/redis/redis-connection.js';
import type { Slo } from '../pipeline/slo/slo.js';
import { DEFAULT_WINDOWS_MINUTES } from '../pipeline/status/slo-status.js';
import { SloStatusReader } from '../pipeline/status/slo-status-reader.js';
import { SloKeys } from '../pipeline/window/redis-window-layout.js';
import { RedisWindowStore } from '../pipeline/window/redis-window-store.js';
import type { MinuteCount, WindowStore } from '../pipeline/window/window-store.js';
import { V1RedisWindowStore } from '../test/support/v1-window-store/v1-redis-window-store.js';
import { bytesUnder, dropExpired, month, PERIOD, RETENTION } from '../test/support/window-memory.js';

export interface WindowStoreBench {
  slos: number;
  /** One evaluation of all SLOs (period and the seven windows), per 10 000 SLOs: layout v1 (the baseline). */
  v1_ms_10k_slos: number;
  /** The same on layout v2, same data, same run. */
  v2_ms_10k_slos: number;
  /** v1 / v2. */
  eval_speedup: number;
  /** Redis commands per SLO per evaluation (server side, scripts' inner calls included). */
  v1_cmds_per_slo: number;
  v2_cmds_per_slo: number;
  /** MEMORY USAGE of one 28-day SLO with a count every minute for a month, steady state. */
  v1_kib_per_28d_slo: number;
  v2_kib_per_28d_slo: number;
}

/**
 * Layout v2 of the Redis window store against layout v1 (the store before it, kept in
 * test/support) in the same run, through the engine's own Redis connection: `count` SLOs
 * with the same counts written to each layout (every 5 minutes over the last 2 days), then
 * `rounds` evaluations of each, alternating, median of each. And the memory one 28-day SLO
 * holds in each layout.
 */
export async function benchWindowStore(
  redisUrl: string,
  count: number,
  rounds: number,
): Promise<WindowStoreBench> {
  const connection = new RedisConnection({ url: redisUrl, clusterNodes: [] });
  await connection.start();
  const redis = connection.client;
  const prefix = `bench:${randomUUID()}:`;
  try {
    const end = Math.floor(Date.now() / 60_000);
    const slos = benchSlos(count);
    const counts = Array.from({ length: (2 * 1440) / 5 }, (_, k) => ({
      minute: end - 2 * 1440 + 5 * k,
      good: 99,
      total: 100,
    }));
    const v1 = new V1RedisWindowStore(redis, `${prefix}v1:`);
    const v2 = new RedisWindowStore(redis, `${prefix}v2:`);
    for (const store of [v1, v2]) await fill(store, slos, counts);
    const readers = {
      v1: new SloStatusReader(slos, v1, DEFAULT_WINDOWS_MINUTES),
      v2: new SloStatusReader(slos, v2, DEFAULT_WINDOWS_MINUTES),
    };
    const ms = { v1: [] as number[], v2: [] as number[] };
    const cmds = { v1: 0, v2: 0 };
    for (const which of ['v1', 'v2'] as const) await readers[which].read(end); // warm-up: scripts, JIT
    for (let r = 0; r < rounds; r++) {
      for (const which of ['v1', 'v2'] as const) {
        const before = await commandsProcessed(redis);
        const start = performance.now();
        await readers[which].read(end);
        ms[which].push(performance.now() - start);
        cmds[which] += (await commandsProcessed(redis)) - before - 1;
      }
    }
    const per10k = (xs: number[]) => Math.round((median(xs) * 10_000) / count);
    const memory = await memoryPerSlo(redis, `${prefix}mem:`);
    return {
      slos: count,
      v1_ms_10k_slos: per10k(ms.v1),
      v2_ms_10k_slos: per10k(ms.v2),
      eval_speedup: Math.round((median(ms.v1) / median(ms.v2)) * 100) / 100,
      v1_cmds_per_slo: Math.round((cmds.v1 / rounds / count) * 10) / 10,
      v2_cmds_per_slo: Math.round((cmds.v2 / rounds / count) * 10) / 10,
      v1_kib_per_28d_slo: memory.v1,
      v2_kib_per_28d_slo: memory.v2,
    };
  } finally {
    await deletePrefix(redis, prefix);
    await connection.close();
  }
}

function benchSlos(count: number): Slo[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `svc-${i % 500}/slo-${i}`,
    service: `svc-${i % 500}`,
    name: `slo-${i}`,
    objective: 0.999,
    periodMinutes: PERIOD,
    sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
    labels: {},
    origin: { file: 'bench', format: 'native' },
  }));
}

async function fill(store: WindowStore, slos: readonly Slo[], counts: MinuteCount[]): Promise<void> {
  for (let i = 0; i < slos.length; i += 200) {
    await store.apply(
      slos.slice(i, i + 200).map((s) => ({ sloId: s.id, retentionMinutes: RETENTION, counts })),
    );
  }
}

async function memoryPerSlo(
  redis: RedisConnection['client'],
  prefix: string,
): Promise<{ v1: number; v2: number }> {
  const now = Math.floor(Date.now() / 60_000);
  const counts = month(now);
  const out = { v1: 0, v2: 0 };
  for (const [which, store] of [
    ['v1', new V1RedisWindowStore(redis, prefix)],
    ['v2', new RedisWindowStore(redis, prefix)],
  ] as const) {
    const id = `memory/${which}`;
    for (let i = 0; i < counts.length; i += 720) {
      await store.apply([{ sloId: id, retentionMinutes: RETENTION, counts: counts.slice(i, i + 720) }]);
    }
    const base = new SloKeys(prefix, id).base;
    // v1's strings all outlive the period; v2's are trimmed to those alive in steady state.
    if (which === 'v2') await dropExpired(redis, base, now);
    out[which] = Math.round((await bytesUnder(redis, base)) / 102.4) / 10;
  }
  return out;
}

async function commandsProcessed(redis: RedisConnection['client']): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

async function deletePrefix(redis: RedisConnection['client'], prefix: string): Promise<void> {
  const stream = (redis as Redis).scanStream({ match: `${prefix}*`, count: 5000 });
  for await (const keys of stream as AsyncIterable<string[]>)
    if (keys.length > 0) await redis.unlink(...keys);
}
