/**
 * The Lua of the notification outbox, shared by every outbox in Redis (alerts', incidents'):
 * the same scripts run on each one's keys (see `OutboxKeys`).
 */

/**
 * The part of a commit script that queues outbox entries, skipping any whose field was queued
 * or delivered before (so each goes out once). It reads, from ARGV[p] on, what
 * `outboxEnqueueArgs` writes: the number of entries and, per entry, the KEYS index of its due
 * zset, its outbox field, id, due ms and JSON; `p` ends past them. `outboxKey` and
 * `deliveredKey` are the KEYS indexes of the outbox hash and the delivered zset; the script
 * declares `local n` and `local p` before it.
 */
export function enqueueOutboxLua(outboxKey: number, deliveredKey: number): string {
  return `n = tonumber(ARGV[p])
p = p + 1
for i = 1, n do
  local due = KEYS[tonumber(ARGV[p])]
  local field = ARGV[p + 1]
  if redis.call('HEXISTS', KEYS[${outboxKey}], field) == 0 and not redis.call('ZSCORE', KEYS[${deliveredKey}], field) then
    redis.call('HSET', KEYS[${outboxKey}], field, ARGV[p + 4])
    redis.call('ZADD', due, ARGV[p + 3], ARGV[p + 2])
  end
  p = p + 5
end
`;
}

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
