import { defineScript } from '../../core/redis/define-script.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import { MIGRATE_V1_LUA } from './migrate-v1-script.js';
import { blockBytes, LEVELS, type Level, SloKeys, ttlSeconds } from './redis-window-layout.js';
import { V1_LEVELS, V1_TTL_EXTRA_MINUTES } from './v1-window-layout.js';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from './window-ranges.js';
import { EXACT_WINDOW_MINUTES } from './window-store.js';

/** An SLO whose strings to migrate, and how long its counts are kept (period plus lateness). */
export interface MigrationTarget {
  sloId: string;
  retentionMinutes: number;
}

export interface MigrationResult {
  slos: number;
  /** v1 strings found and deleted (their counts moved when still within reach). */
  strings: number;
}

/**
 * Moves the window strings layout v1 wrote (v1-window-layout.ts) into layout v2, for each
 * given SLO: one atomic script call per SLO, so instances starting together, or an instance
 * still writing v1 strings of other SLOs, never double count. v1 wrote every count to its
 * minute, hour and day strings; the day strings are v2's too, the hour strings are split
 * into v2's 10-day strings (30 days = 3 x 10), and the minute strings still within the
 * longest exact window of `nowMinute` into v2's 6-hour strings (1 day = 4 x 6 h). Older v1
 * minute strings are deleted: their counts are in the hour and day strings already.
 *
 * v1 string names follow from event time, so the candidates are those a write could have
 * made within the retention (and a day either side) of `nowMinute`; no SCAN is needed.
 */
export async function migrateWindowsFromV1(
  redis: RedisClient,
  prefix: string,
  targets: readonly MigrationTarget[],
  nowMinute: number,
): Promise<MigrationResult> {
  const migrate = defineScript(redis, 'flMigrateWindowsV1', MIGRATE_V1_LUA);
  const found = await Promise.all(
    targets.map((t) => {
      const { keys, args } = migrationCall(new SloKeys(prefix, t.sloId), t.retentionMinutes, nowMinute);
      return migrate(keys, args);
    }),
  );
  return { slos: targets.length, strings: found.reduce<number>((n, f) => n + Number(f), 0) };
}

function migrationCall(
  keys: SloKeys,
  retention: number,
  now: number,
): { keys: string[]; args: Array<string | number> } {
  const out = { keys: [] as string[], args: [] as Array<string | number> };
  const reach = retention + Math.max(V1_TTL_EXTRA_MINUTES.minute, MINUTES_PER_DAY);
  const firstDay = Math.floor((now - reach) / MINUTES_PER_DAY);
  const lastDay = Math.floor(now / MINUTES_PER_DAY) + 1;
  // Minute strings that still hold minutes a 3-day window ending now (or later) reads.
  const keepFrom = now - EXACT_WINDOW_MINUTES - 2 * MINUTES_PER_HOUR;
  for (let day = firstDay; day <= lastDay; day++) {
    const keep = (day + 1) * MINUTES_PER_DAY > keepFrom;
    group(out, keys, 'minute', day, retention, keep);
  }
  const hoursPerV1 = V1_LEVELS.hour.perBlock;
  const firstHourBlock = Math.floor((now - reach) / MINUTES_PER_HOUR / hoursPerV1);
  const lastHourBlock = Math.floor((now + MINUTES_PER_DAY) / MINUTES_PER_HOUR / hoursPerV1);
  for (let b = firstHourBlock; b <= lastHourBlock; b++) group(out, keys, 'hour', b, retention, true);
  return out;
}

/** One v1 string (block `v1Block` of `level`) and the v2 strings its buckets fall into. */
function group(
  out: { keys: string[]; args: Array<string | number> },
  keys: SloKeys,
  level: Exclude<Level, 'day'>,
  v1Block: number,
  retention: number,
  move: boolean,
): void {
  const v1 = V1_LEVELS[level];
  const v2 = LEVELS[level];
  const parts = v1.perBlock / v2.perBlock;
  const firstBucket = v1Block * v1.perBlock;
  out.keys.push(keys.block(v1, firstBucket).key);
  for (let q = 0; q < parts; q++) out.keys.push(keys.block(v2, firstBucket + q * v2.perBlock).key);
  out.args.push(parts, blockBytes(level), ttlSeconds(level, retention), v2.type, v2.width, move ? 1 : 0);
}
