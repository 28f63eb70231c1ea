import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from './window-ranges.js';

/**
 * How the Redis adapter lays counts out: one binary string per SLO and time block, holding a
 * (good, total) pair per bucket, incremented in place with BITFIELD and read with GETRANGE.
 *
 * | level  | key suffix       | block       | buckets | pair        | string size |
 * |--------|------------------|-------------|---------|-------------|-------------|
 * | minute | `m:<day>`        | 1 day       | 1440    | 2 x i32 BE  | 11 520 B    |
 * | hour   | `h:<hour/720>`   | 30 days     | 720     | 2 x i64 BE  | 11 520 B    |
 * | day    | `d:<day/128>`    | 128 days    | 128     | 2 x i64 BE  | 2 048 B     |
 *
 * A day never straddles an hour block (720 is a multiple of 24), so the hour buckets of one
 * day are one contiguous byte run.
 */
export interface LevelLayout {
  suffix: 'm' | 'h' | 'd';
  /** Buckets per key. */
  perBlock: number;
  /** BITFIELD type of each counter. */
  type: 'i32' | 'i64';
  /** Bytes per counter. */
  width: 4 | 8;
  /** Extra lifetime past the SLO retention, in minutes: the block's own span plus a day. */
  ttlExtraMinutes: number;
}

export const LEVELS = {
  minute: { suffix: 'm', perBlock: 1440, type: 'i32', width: 4, ttlExtraMinutes: 2 * MINUTES_PER_DAY },
  hour: { suffix: 'h', perBlock: 720, type: 'i64', width: 8, ttlExtraMinutes: 31 * MINUTES_PER_DAY },
  day: { suffix: 'd', perBlock: 128, type: 'i64', width: 8, ttlExtraMinutes: 129 * MINUTES_PER_DAY },
} as const satisfies Record<'minute' | 'hour' | 'day', LevelLayout>;

export type Level = keyof typeof LEVELS;

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

  block(level: Level, bucket: number): { key: string; index: number } {
    const l = LEVELS[level];
    const block = Math.floor(bucket / l.perBlock);
    return { key: `${this.base}${l.suffix}:${block}`, index: bucket - block * l.perBlock };
  }
}
