import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from './window-ranges.js';
import { EXACT_WINDOW_MINUTES } from './window-store.js';

/**
 * How the Redis adapter lays counts out (layout v2): one binary string per SLO and time
 * block, holding a (good, total) pair per bucket, incremented in place with BITFIELD and
 * read with GETRANGE. Every string is written at its full size when it is created, so Redis
 * never over-allocates it while it grows.
 *
 * | level  | key suffix        | block    | buckets | pair       | string size | kept after its last write |
 * |--------|-------------------|----------|---------|------------|-------------|---------------------------|
 * | minute | `m6h:<minute/360>`| 6 hours  | 360     | 2 x i32 BE | 2 880 B     | 3 days + 2 hours          |
 * | hour   | `h10d:<hour/240>` | 10 days  | 240     | 2 x i64 BE | 3 840 B     | retention + 1 day         |
 * | day    | `d:<day/128>`     | 128 days | 128     | 2 x i64 BE | 2 048 B     | retention + 2 days        |
 *
 * Minute counts are kept only as far back as the longest exact window (3 days); older edges
 * are read from the hour strings (window-ranges.ts, `alignedStart`). A bucket is written at
 * about its own time (or later, when late), and each write renews its string's TTL, so a TTL
 * counted from the last write keeps every bucket as long as a window can reach it. A 28-day
 * SLO then holds about 14 minute strings, 4 hour strings and 1 or 2 day strings: about 65 KiB
 * (layout v1 kept 1-day minute strings for the whole period: about 370 KiB).
 *
 * Blocks are aligned to the epoch, and 240 hours and 128 days are whole days, so the hour
 * buckets of one day never straddle two strings. The day strings are the same as layout
 * v1's (redis-window-migration.ts moves the others).
 */
export interface LevelLayout {
  suffix: string;
  /** Buckets per key. */
  perBlock: number;
  /** BITFIELD type of each counter. */
  type: 'i32' | 'i64';
  /** Bytes per counter. */
  width: 4 | 8;
}

export const LEVELS = {
  minute: { suffix: 'm6h', perBlock: 360, type: 'i32', width: 4 },
  hour: { suffix: 'h10d', perBlock: 240, type: 'i64', width: 8 },
  day: { suffix: 'd', perBlock: 128, type: 'i64', width: 8 },
} as const satisfies Record<'minute' | 'hour' | 'day', LevelLayout>;

export type Level = keyof typeof LEVELS;

/** Bytes of one string of `level`: a pair of counters per bucket. */
export const blockBytes = (level: Level): number => LEVELS[level].perBlock * 2 * LEVELS[level].width;

/** Seconds a string of `level` lives after its last write, for an SLO keeping `retentionMinutes`. */
export function ttlSeconds(level: Level, retentionMinutes: number): number {
  const minutes =
    level === 'minute'
      ? EXACT_WINDOW_MINUTES + 2 * MINUTES_PER_HOUR
      : level === 'hour'
        ? retentionMinutes + MINUTES_PER_DAY
        : retentionMinutes + 2 * MINUTES_PER_DAY;
  return minutes * 60;
}

/** The bucket number of `minute` at each level. */
export function bucketsOf(minute: number): Record<Level, number> {
  return {
    minute,
    hour: Math.floor(minute / MINUTES_PER_HOUR),
    day: Math.floor(minute / MINUTES_PER_DAY),
  };
}

/** Escapes braces so an SLO id can sit inside a Redis Cluster hash tag. */
function tagOf(sloId: string): string {
  return sloId.replaceAll('%', '%25').replaceAll('{', '%7B').replaceAll('}', '%7D');
}

/** Key names of one SLO; all share the hash tag `{<id>}` so one Lua script can touch them in a cluster. */
export class SloKeys {
  readonly base: string;

  constructor(prefix: string, sloId: string) {
    this.base = `${prefix}slo:{${tagOf(sloId)}}:`;
  }

  get offsets(): string {
    return `${this.base}off`;
  }

  /** The string holding `bucket` of a level laid out as `l`, and the bucket's index in it. */
  block(l: LevelLayout, bucket: number): { key: string; index: number } {
    const { key, index } = blockOf(l, bucket);
    return { key: `${this.base}${key}`, index };
  }
}

/** The name of the string holding `bucket` of level `l` after an SLO's base, and the bucket's index in it. */
export function blockOf(l: LevelLayout, bucket: number): { key: string; index: number } {
  const block = Math.floor(bucket / l.perBlock);
  return { key: `${l.suffix}:${block}`, index: bucket - block * l.perBlock };
}
