/**
 * Applies one SLO's pre-summed counts and records the offset they came from, atomically.
 *
 * KEYS[1]   the SLO's offsets hash; KEYS[2..] its count strings
 * ARGV[1]   stream ('' when unguarded), ARGV[2] first offset, ARGV[3] next offset,
 * ARGV[4]   offsets-hash TTL in seconds; then per count key: TTL seconds, BITFIELD type,
 *           the string's full size in bytes (0: grow it), number of increments, and that many
 *           (counter index, amount) pairs.
 * Returns   1 applied, 0 duplicate (all already applied), -1 conflict (partly applied).
 *
 * The rule is the one in offset-guard.ts. BITFIELD calls are chunked to stay far below
 * Lua's argument limit when a batch spans many minutes.
 */
export const APPLY_COUNTS_LUA = `
local stream = ARGV[1]
if stream ~= '' then
  local stored = redis.call('HGET', KEYS[1], stream)
  if stored then
    stored = tonumber(stored)
    if stored >= tonumber(ARGV[3]) then return 0 end
    if stored > tonumber(ARGV[2]) then return -1 end
  end
end
local p = 5
for k = 2, #KEYS do
  local ttl = ARGV[p]
  local typ = ARGV[p + 1]
  local size = tonumber(ARGV[p + 2])
  if size > 0 and redis.call('EXISTS', KEYS[k]) == 0 then
    redis.call('SET', KEYS[k], string.rep('\\0', size))
  end
  local n = tonumber(ARGV[p + 3])
  p = p + 4
  local args = {}
  for i = 1, n do
    args[#args + 1] = 'INCRBY'
    args[#args + 1] = typ
    args[#args + 1] = '#' .. ARGV[p]
    args[#args + 1] = ARGV[p + 1]
    p = p + 2
    if #args >= 400 or i == n then
      redis.call('BITFIELD', KEYS[k], unpack(args))
      args = {}
    end
  end
  redis.call('EXPIRE', KEYS[k], ttl)
end
if stream ~= '' then
  redis.call('HSET', KEYS[1], stream, ARGV[3])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
end
return 1
`;
