import type { ChainableCommander } from 'ioredis';
import { GUARD_CHECK_LUA, GUARD_RECORD_LUA } from '../core/redis/offset-guard-lua.js';
import type { RedisClient } from '../core/redis/redis-connection.js';
import type { OffsetGuard } from '../pipeline/window/window-store.js';
import {
  CONNECTION_TYPES,
  connectionRank,
  type EdgeSnapshot,
  type EdgeStats,
  kindRank,
  NODE_KINDS,
  parseEdgeKey,
} from './model.js';

/**
 * Redis layout of the service graph. One hash per time slice, all under one hash tag so a
 * Redis Cluster keeps them in one slot (one script call writes several slices atomically):
 *
 *   <prefix>topo:{topology}:<slice start ms>   hash   field: edge key (`source>target`)
 *                                                      value: packed statistics (below)
 *   <prefix>topo:{topology}:offsets              hash   field: `topic:partition`
 *                                                      value: next Kafka offset merged
 *
 * A value packs an edge's statistics in that slice as ten comma-separated integers:
 * calls, failed calls, client latency sum (µs), client calls, server latency sum (µs),
 * server calls, last seen (ms), connection type rank, source kind rank, target kind rank.
 * The first six merge by addition, the rest by maximum; the script below does it.
 */

const FIELDS = 10;

/** The hash of the slice starting at `sliceMs`. */
export function sliceKey(prefix: string, sliceMs: number): string {
  return `${prefix}topo:{topology}:${sliceMs}`;
}

/** The packed value of an edge's statistics. */
export function packStats(s: EdgeStats): string {
  return [
    s.calls,
    s.failedCalls,
    Math.round(s.clientLatencySumUs),
    s.clientCalls,
    Math.round(s.serverLatencySumUs),
    s.serverCalls,
    Math.round(s.lastSeenMs),
    connectionRank(s.connectionType),
    kindRank(s.sourceKind),
    kindRank(s.targetKind),
  ].join(',');
}

/** The numbers of a packed value, or undefined when it is not one. */
export function parsePacked(value: string): number[] | undefined {
  const n = value.split(',').map(Number);
  return n.length === FIELDS && n.every(Number.isFinite) ? n : undefined;
}

/** Merges packed numbers `b` into `a` (in place) as the script does: sums, then maxima. */
export function mergePacked(a: number[], b: readonly number[]): void {
  for (let i = 0; i < FIELDS; i++) a[i] = i < 6 ? a[i]! + b[i]! : Math.max(a[i]!, b[i]!);
}

/** The edge of a hash field and its packed numbers, or undefined when either is not ours. */
export function edgeOf(field: string, n: readonly number[]): EdgeSnapshot | undefined {
  const names = parseEdgeKey(field);
  const connectionType = CONNECTION_TYPES[n[7]!];
  const sourceKind = NODE_KINDS[n[8]!];
  const targetKind = NODE_KINDS[n[9]!];
  if (
    names === undefined ||
    connectionType === undefined ||
    sourceKind === undefined ||
    targetKind === undefined
  ) {
    return undefined;
  }
  return {
    source: names.source,
    target: names.target,
    connectionType,
    sourceKind,
    targetKind,
    calls: n[0]!,
    failedCalls: n[1]!,
    clientLatencySumUs: n[2]!,
    clientCalls: n[3]!,
    serverLatencySumUs: n[4]!,
    serverCalls: n[5]!,
    lastSeenMs: n[6]!,
  };
}

/**
 * Merges packed updates into slice hashes and (re)sets their TTL, atomically. A guarded
 * call (a Kafka batch) merges nothing when the topology's offsets hash says its messages
 * were merged before (see core/redis/offset-guard-lua.ts).
 * KEYS[1]: the offsets hash; KEYS[2..]: the slice hashes. ARGV[1]: TTL in ms; ARGV[2..4]:
 * stream ('' unguarded), first offset, next offset; then triples (key index, field, packed
 * value). Returns {1, 0} applied, {0, stored} duplicate, {-1, stored} conflict.
 */
const MERGE_EDGES = `
local offsets = KEYS[1]
local offsets_ttl = math.ceil(tonumber(ARGV[1]) / 1000)
local stream = ARGV[2]
local from = tonumber(ARGV[3])
local upto = tonumber(ARGV[4])
${GUARD_CHECK_LUA}
local function unpack_stats(text)
  local t = {}
  for v in string.gmatch(text, '[^,]+') do t[#t + 1] = tonumber(v) end
  return t
end
for i = 5, #ARGV, 3 do
  local key = KEYS[tonumber(ARGV[i])]
  local field = ARGV[i + 1]
  local add = unpack_stats(ARGV[i + 2])
  local old = redis.call('HGET', key, field)
  if old then
    local cur = unpack_stats(old)
    if #cur == ${FIELDS} then
      for j = 1, 6 do add[j] = add[j] + cur[j] end
      for j = 7, ${FIELDS} do if cur[j] > add[j] then add[j] = cur[j] end end
    end
  end
  local out = {}
  for j = 1, ${FIELDS} do out[j] = string.format('%.0f', add[j]) end
  redis.call('HSET', key, field, table.concat(out, ','))
end
for i = 2, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
${GUARD_RECORD_LUA}
return {1, 0}
`;

const COMMAND = 'faultlineTopologyMerge';

interface PipelineWithMerge {
  faultlineTopologyMerge(numKeys: number, ...keysAndArgs: Array<string | number>): ChainableCommander;
}

/** Defines the merge script on the client (idempotent; ioredis runs it with EVALSHA). */
export function defineGraphScript(client: RedisClient): void {
  client.defineCommand(COMMAND, { lua: MERGE_EDGES });
}

/** One script call: packed values per slice key. */
export interface SliceWrite {
  /** The topology's offsets hash (read and written only by guarded calls). */
  offsetsKey: string;
  /** Slice key -> (edge key -> packed value). */
  slices: Map<string, Map<string, string>>;
  guard?: OffsetGuard | undefined;
}

/** The hash of the next Kafka offset whose edge calls were merged, per stream (`topic:partition`). */
export function graphOffsetsKey(prefix: string): string {
  return `${prefix}topo:{topology}:offsets`;
}

/** Queues one merge call for `write` on a pipeline. */
export function queueMerge(pipeline: ChainableCommander, write: SliceWrite, ttlMs: number): void {
  const keys = [...write.slices.keys()];
  const g = write.guard;
  const args: Array<string | number> = [
    write.offsetsKey,
    ...keys,
    ttlMs,
    g?.stream ?? '',
    g?.from ?? 0,
    g?.next ?? 0,
  ];
  keys.forEach((key, i) => {
    for (const [field, packed] of write.slices.get(key) ?? []) args.push(i + 2, field, packed);
  });
  (pipeline as unknown as PipelineWithMerge)[COMMAND](keys.length + 1, ...args);
}
