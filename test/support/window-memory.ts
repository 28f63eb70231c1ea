import type { RedisClient } from '../../core/redis/redis-connection.js';
import { LEVELS, type Level, ttlSeconds } from '../../pipeline/window/redis-window-layout.js';
import type { MinuteCount } from '../../pipeline/window/window-store.js';

const DAY = 1440;
export const PERIOD = 28 * DAY;
/** The period plus the default allowed lateness. */
export const RETENTION = PERIOD + 5;

/** A month of traffic up to `now`, every minute, with counts of a busy service (up to ~60 000 a minute). */
export function month(now: number): MinuteCount[] {
  const counts: MinuteCount[] = [];
  for (let m = now - 30 * DAY; m < now; m++) {
    const total = 40_000 + ((m * 7919) % 20_000);
    counts.push({ minute: m, good: total - (m % 97), total });
  }
  return counts;
}

/**
 * Nobody can wait for TTLs, so layout v2 strings written in one go are trimmed to those alive
 * in steady state: a string is last written at the end of its block (its newest bucket), and
 * lives `ttlSeconds` after that.
 */
export async function dropExpired(redis: RedisClient, base: string, now: number): Promise<void> {
  const perLevel: Record<string, { level: Level; minutes: number }> = {
    m6h: { level: 'minute', minutes: 1 },
    h10d: { level: 'hour', minutes: 60 },
    d: { level: 'day', minutes: DAY },
  };
  for (const key of await keysUnder(redis, base)) {
    const [suffix, block] = key.slice(base.length).split(':');
    const l = perLevel[suffix ?? ''];
    if (l === undefined) continue;
    const blockEnd = (Number(block) + 1) * LEVELS[l.level].perBlock * l.minutes;
    if (Math.min(blockEnd, now) + ttlSeconds(l.level, RETENTION) / 60 <= now) await redis.del(key);
  }
}

/** The keys under `base` (one SLO's: a single hash tag, so one node of a Cluster). */
export async function keysUnder(redis: RedisClient, base: string): Promise<string[]> {
  const pattern = `${base.replaceAll('{', '\\{').replaceAll('}', '\\}')}*`;
  const nodes = 'nodes' in redis ? redis.nodes('master') : [redis];
  return (await Promise.all(nodes.map((n) => n.keys(pattern)))).flat();
}

/** MEMORY USAGE (every element counted) summed over the keys under `base`. */
export async function bytesUnder(redis: RedisClient, base: string): Promise<number> {
  let sum = 0;
  for (const key of await keysUnder(redis, base))
    sum += (await redis.memory('USAGE', key, 'SAMPLES', 0)) ?? 0;
  return sum;
}
