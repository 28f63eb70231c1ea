import { enqueueOutboxLua } from './redis-outbox-scripts.js';

/**
 * The Lua scripts of the Redis lease and alert store (the outbox's are in redis-outbox-scripts.ts). Each runs atomically on the one slot
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
 *         number of deletes and the keys; then the outbox entries as `outboxEnqueueArgs`
 *         lays them out.
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
${enqueueOutboxLua(3, 4)}return 1
`;
