import type { LevelLayout } from './redis-window-layout.js';
import { MINUTES_PER_DAY } from './window-ranges.js';

/**
 * Layout v1 of the Redis window strings, which faultline wrote before layout v2
 * (redis-window-layout.ts), for the migration that moves them (redis-window-migration.ts):
 *
 * | level  | key suffix     | block    | buckets | pair       | kept after its last write |
 * |--------|----------------|----------|---------|------------|---------------------------|
 * | minute | `m:<day>`      | 1 day    | 1440    | 2 x i32 BE | retention + 2 days        |
 * | hour   | `h:<hour/720>` | 30 days  | 720     | 2 x i64 BE | retention + 31 days       |
 * | day    | `d:<day/128>`  | 128 days | 128     | 2 x i64 BE | retention + 129 days      |
 *
 * Strings grew with BITFIELD as buckets were written. The day strings are v2's too.
 */
export const V1_LEVELS = {
  minute: { suffix: 'm', perBlock: 1440, type: 'i32', width: 4 },
  hour: { suffix: 'h', perBlock: 720, type: 'i64', width: 8 },
  day: { suffix: 'd', perBlock: 128, type: 'i64', width: 8 },
} as const satisfies Record<'minute' | 'hour' | 'day', LevelLayout>;

/** v1's lifetime of a string past the SLO retention, in minutes. */
export const V1_TTL_EXTRA_MINUTES = {
  minute: 2 * MINUTES_PER_DAY,
  hour: 31 * MINUTES_PER_DAY,
  day: 129 * MINUTES_PER_DAY,
} as const;
