import type { ChainableCommander } from 'ioredis';
import { GUARD_CHECK_LUA, GUARD_RECORD_LUA } from '../../core/redis/offset-guard-lua.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import type { OffsetGuard } from '../window/window-store.js';
import type { BlockIncrements } from './redis-series-layout.js';

/**
 * Adds increments to block hashes of ONE subject (all keys share its hash tag, so this
 * runs in one Cluster slot) and (re)sets their TTL. Atomic: a reader never sees half a
 * bucket. Guarded calls (a Kafka batch) add nothing when the subject's offsets hash says
 * their messages were added before (see core/redis/offset-guard-lua.ts).
 *
 * KEYS[1]: the subject's offsets hash; KEYS[2..]: the block hashes. ARGV[1]: TTL in
 * seconds; ARGV[2..4]: stream ('' unguarded), first offset, next offset; then, for each
 * block key in order, the number of integer increments, the number of float increments,
 * and their field/value pairs. Returns {1, 0} applied, {0, stored} duplicate, {-1, stored}
 * conflict.
 */
const ADD_TO_BLOCKS = `
local offsets = KEYS[1]
local ttl = ARGV[1]
local offsets_ttl = ttl
local stream = ARGV[2]
local from = tonumber(ARGV[3])
local upto = tonumber(ARGV[4])
${GUARD_CHECK_LUA}
local a = 5
for i = 2, #KEYS do
  local key = KEYS[i]
  local ints = tonumber(ARGV[a])
  local floats = tonumber(ARGV[a + 1])
  a = a + 2
  for _ = 1, ints do
    redis.call('HINCRBY', key, ARGV[a], ARGV[a + 1])
    a = a + 2
  end
  for _ = 1, floats do
    redis.call('HINCRBYFLOAT', key, ARGV[a], ARGV[a + 1])
    a = a + 2
  end
  redis.call('EXPIRE', key, ttl)
end
${GUARD_RECORD_LUA}
return {1, 0}
`;

const COMMAND = 'faultlineSeriesAdd';

/** The custom command as ioredis adds it to a pipeline by `defineCommand` (it queues there). */
interface PipelineWithSeriesAdd {
  faultlineSeriesAdd(numKeys: number, ...keysAndArgs: Array<string | number>): ChainableCommander;
}

/** One script call: hashes of one subject, at most a few dozen at a time unless guarded. */
export interface BlockWrite {
  /** The subject's offsets hash (read and written only by guarded calls). */
  offsetsKey: string;
  keys: string[];
  blocks: BlockIncrements[];
  guard?: OffsetGuard | undefined;
}

/** Defines the script on the client (idempotent; ioredis loads it with EVALSHA/EVAL). */
export function defineSeriesScript(client: RedisClient): void {
  client.defineCommand(COMMAND, { lua: ADD_TO_BLOCKS });
}

/** The script call's arguments after the key count: keys, TTL, guard, then per block its increments. */
function argsOf(write: BlockWrite, ttlSeconds: number): Array<string | number> {
  const g = write.guard;
  const args: Array<string | number> = [
    write.offsetsKey,
    ...write.keys,
    ttlSeconds,
    g?.stream ?? '',
    g?.from ?? 0,
    g?.next ?? 0,
  ];
  for (const block of write.blocks) {
    args.push(block.ints.length, block.floats.length);
    for (const [field, by] of block.ints) args.push(field, by);
    for (const [field, by] of block.floats) args.push(field, String(by));
  }
  return args;
}

/** Queues the script call on a pipeline. */
export function queueSeriesAdd(pipeline: ChainableCommander, write: BlockWrite, ttlSeconds: number): void {
  (pipeline as unknown as PipelineWithSeriesAdd)[COMMAND](
    write.keys.length + 1,
    ...argsOf(write, ttlSeconds),
  );
}
