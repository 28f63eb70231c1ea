import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import type { BlockIncrements } from './redis-series-layout.js';

/**
 * Adds increments to block hashes of ONE subject (all keys share its hash tag, so this
 * runs in one Cluster slot) and (re)sets their TTL. Atomic: a reader never sees half a
 * bucket.
 *
 * KEYS: the block hashes. ARGV[1]: TTL in seconds; then, for each key in order, the number
 * of integer increments, the number of float increments, and their field/value pairs.
 */
const ADD_TO_BLOCKS = `
local ttl = ARGV[1]
local a = 2
for i = 1, #KEYS do
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
return #KEYS
`;

const COMMAND = 'faultlineSeriesAdd';

/** The custom command as ioredis adds it to a pipeline by `defineCommand` (it queues there). */
interface PipelineWithSeriesAdd {
  faultlineSeriesAdd(numKeys: number, ...keysAndArgs: Array<string | number>): ChainableCommander;
}

/** One script call: hashes of one subject, at most a few dozen at a time. */
export interface BlockWrite {
  keys: string[];
  blocks: BlockIncrements[];
}

/** Defines the script on the client (idempotent; ioredis loads it with EVALSHA/EVAL). */
export function defineSeriesScript(client: RedisClient): void {
  client.defineCommand(COMMAND, { lua: ADD_TO_BLOCKS });
}

/** The script call's arguments after the key count: keys, TTL, then per block its increments. */
function argsOf(write: BlockWrite, ttlSeconds: number): Array<string | number> {
  const args: Array<string | number> = [...write.keys, ttlSeconds];
  for (const block of write.blocks) {
    args.push(block.ints.length, block.floats.length);
    for (const [field, by] of block.ints) args.push(field, by);
    for (const [field, by] of block.floats) args.push(field, String(by));
  }
  return args;
}

/** Queues the script call on a pipeline. */
export function queueSeriesAdd(pipeline: ChainableCommander, write: BlockWrite, ttlSeconds: number): void {
  (pipeline as unknown as PipelineWithSeriesAdd)[COMMAND](write.keys.length, ...argsOf(write, ttlSeconds));
}
