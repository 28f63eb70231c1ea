import type { LevelLayout, SloKeys } from './redis-window-layout.js';
import { bucketsOf } from './redis-window-layout.js';
import type { SloDelta } from './window-store.js';

type Levels = Record<'minute' | 'hour' | 'day', LevelLayout>;

/** How long each level's strings live (seconds) and their size when created (0: grown by BITFIELD). */
export interface StringPolicy {
  ttlSeconds(level: keyof Levels, retentionMinutes: number): number;
  bytes(level: keyof Levels): number;
}

/**
 * The keys and arguments of one call of the apply-counts script for `d`: per string of each
 * level, the summed increments of its counters (apply-counts-script.ts has the format).
 */
export function applyCall(
  keys: SloKeys,
  d: SloDelta,
  levels: Levels,
  policy: StringPolicy,
): { keys: string[]; args: Array<string | number> } {
  const byKey = new Map<string, { level: keyof Levels; ops: Map<number, number> }>();
  for (const c of d.counts) {
    if (c.good === 0 && c.total === 0) continue;
    const buckets = bucketsOf(c.minute);
    for (const level of ['minute', 'hour', 'day'] as const) {
      const { key, index } = keys.block(levels[level], buckets[level]);
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = { level, ops: new Map() };
        byKey.set(key, entry);
      }
      entry.ops.set(2 * index, (entry.ops.get(2 * index) ?? 0) + c.good);
      entry.ops.set(2 * index + 1, (entry.ops.get(2 * index + 1) ?? 0) + c.total);
    }
  }
  const g = d.guard;
  const args: Array<string | number> = [
    g?.stream ?? '',
    g?.from ?? 0,
    g?.next ?? 0,
    policy.ttlSeconds('hour', d.retentionMinutes),
  ];
  for (const { level, ops } of byKey.values()) {
    args.push(
      policy.ttlSeconds(level, d.retentionMinutes),
      levels[level].type,
      policy.bytes(level),
      ops.size,
    );
    for (const [index, amount] of ops) args.push(index, amount);
  }
  return { keys: [keys.offsets, ...byKey.keys()], args };
}

/** A byte run of one count string: [from, from + length), pairs of `width`-byte counters. */
export interface Run {
  key: string;
  from: number;
  length: number;
  width: 4 | 8;
}

/**
 * Appends to `out` the byte runs of the strings holding buckets [fromBucket, toBucket) of
 * level `l`; `keys` names the strings (an SLO's `SloKeys`, or `{ block: blockOf }` for names
 * relative to any SLO's base).
 */
export function runsOf(
  keys: Pick<SloKeys, 'block'>,
  l: LevelLayout,
  fromBucket: number,
  toBucket: number,
  out: Run[],
): void {
  let b = fromBucket;
  while (b < toBucket) {
    const { key, index } = keys.block(l, b);
    const n = Math.min(toBucket - b, l.perBlock - index);
    out.push({ key, from: index * 2 * l.width, length: n * 2 * l.width, width: l.width });
    b += n;
  }
}
