import type { RedisClient } from '../pipeline/redis/redis-connection.js';

/**
 * The Lua scripts of the Redis lease and alert store. Each runs atomically on the one slot
 * that every alerting key hashes to (see redis-alert-layout.ts).
 */

/** Renews the lease if `ARGV[1]` holds it. KEYS[1] lease; ARGV[1] token, ARGV[2] period ms. Returns 1 or 0. */
export const RENEW_LEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/** Deletes the lease if `ARGV[1]` holds it. KEYS[1] lease; ARGV[1] token. */
export const RELEASE_LEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * Writes one evaluation's alert state and queues its notifications, if the fence holds.
 *
 * KEYS[1] lease, KEYS[2] state, KEYS[3] outbox, KEYS[4] delivered, KEYS[5..] due zsets
 * ARGV[1] fence token ('' = unfenced); then the number of upserts and (key, JSON) pairs; the
 *         number of deletes and the keys; the number of entries and, per entry, the KEYS
 *         index of its due zset, its outbox field, transition id, due ms and JSON.
 * Returns 1 applied, 0 fence lost (nothing written).
 */
export const COMMIT_ALERTS_LUA = `
if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local p = 2
local n = tonumber(ARGV[p])
p = p + 1
for i = 1, n do
  redis.call('HSET', KEYS[2], ARGV[p], ARGV[p + 1])
  p = p + 2
end
n = tonumber(ARGV[p])
p = p + 1
for i = 1, n do
  redis.call('HDEL', KEYS[2], ARGV[p])
  p = p + 1
end
n = tonumber(ARGV[p])
p = p + 1
for i = 1, n do
  local due = KEYS[tonumber(ARGV[p])]
  local field = ARGV[p + 1]
  if redis.call('HEXISTS', KEYS[3], field) == 0 and not redis.call('ZSCORE', KEYS[4], field) then
    redis.call('HSET', KEYS[3], field, ARGV[p + 4])
    redis.call('ZADD', due, ARGV[p + 3], ARGV[p + 2])
  end
  p = p + 5
end
return 1
`;

/**
 * Claims the longest-due entry of one notifier: pushes its due time to the claim expiry and
 * counts the attempt. KEYS[1] due zset, KEYS[2] outbox, KEYS[3] attempts; ARGV[1] now ms,
 * ARGV[2] claim expiry ms, ARGV[3] `<notifier>\n`. Returns {id, JSON, attempt} or nil.
 */
export const CLAIM_OUTBOX_LUA = `
for i = 1, 16 do
  local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 1)
  local id = ids[1]
  if not id then return nil end
  local field = ARGV[3] .. id
  local body = redis.call('HGET', KEYS[2], field)
  if body then
    redis.call('ZADD', KEYS[1], ARGV[2], id)
    local attempt = redis.call('HINCRBY', KEYS[3], field, 1)
    return {id, body, attempt}
  end
  redis.call('ZREM', KEYS[1], id)
end
return nil
`;

/**
 * Marks an entry delivered. KEYS[1] due zset, KEYS[2] outbox, KEYS[3] attempts, KEYS[4]
 * delivered; ARGV[1] id, ARGV[2] field, ARGV[3] now ms, ARGV[4] forget delivered before (ms).
 */
export const COMPLETE_OUTBOX_LUA = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[4])
return 1
`;

/** Makes a claimed entry due again, unless delivered meanwhile. KEYS[1] due, KEYS[2] outbox; ARGV[1] id, ARGV[2] field, ARGV[3] due ms. */
export const RETRY_OUTBOX_LUA = `
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  return 1
end
return 0
`;

type ScriptCall = (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>;

/** Registers `lua` as a custom command on `redis` (once per client) and returns a caller for it. */
export function defineScript(redis: RedisClient, name: string, lua: string): ScriptCall {
  const commands = redis as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>;
  if (typeof commands[name] !== 'function') redis.defineCommand(name, { lua });
  const command = commands[name]!.bind(redis);
  return (keys, args) => command(keys.length, ...keys, ...args);
}
