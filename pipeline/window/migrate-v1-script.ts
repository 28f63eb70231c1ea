/**
 * Moves one SLO's layout-v1 strings into layout v2, atomically (all its keys share one hash
 * tag, so this runs on one node of a Cluster). Run it twice, or from two instances at once:
 * the second run finds no v1 strings and does nothing.
 *
 * KEYS      per group: a v1 string, then the v2 strings it splits into, in order
 * ARGV      per group: number of v2 strings, bytes per v2 string, their TTL in seconds,
 *           BITFIELD type and bytes per counter, and 1 to move the counts (0: only delete)
 * Returns   the number of v1 strings found (and deleted).
 *
 * A v2 string that does not exist yet becomes a copy of its slice of the v1 string; one that
 * exists (new code wrote to it first) gets the slice's counters added with BITFIELD.
 */
export const MIGRATE_V1_LUA = `
local found = 0
local k = 1
for a = 1, #ARGV, 6 do
  local n = tonumber(ARGV[a])
  local size = tonumber(ARGV[a + 1])
  local ttl = ARGV[a + 2]
  local typ = ARGV[a + 3]
  local width = tonumber(ARGV[a + 4])
  local src = redis.call('GET', KEYS[k])
  if src then
    found = found + 1
    if ARGV[a + 5] == '1' then
      for q = 0, n - 1 do
        local piece = string.sub(src, q * size + 1, (q + 1) * size)
        if string.find(piece, '[^%z]') then
          local dst = KEYS[k + 1 + q]
          if redis.call('EXISTS', dst) == 0 then
            redis.call('SET', dst, piece .. string.rep('\\0', size - #piece))
          else
            local args = {}
            for i = 0, #piece / width - 1 do
              local v = struct.unpack(width == 4 and '>i4' or '>i8', piece, i * width + 1)
              if v ~= 0 then
                args[#args + 1] = 'INCRBY'
                args[#args + 1] = typ
                args[#args + 1] = '#' .. i
                args[#args + 1] = string.format('%.0f', v)
              end
              if #args >= 400 then
                redis.call('BITFIELD', dst, unpack(args))
                args = {}
              end
            end
            if #args > 0 then redis.call('BITFIELD', dst, unpack(args)) end
          end
          redis.call('EXPIRE', dst, ttl)
        end
      end
    end
    redis.call('DEL', KEYS[k])
  end
  k = k + 1 + n
end
return found
`;
