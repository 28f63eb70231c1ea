/**
 * Reads byte runs of one SLO's count strings in one call, so an evaluation costs one command
 * per SLO instead of one per string.
 *
 * KEYS      the SLO's count strings the runs read
 * ARGV      per run: the index of its key in KEYS (1-based), its first byte, its length
 * Returns   the runs in order, concatenated; a run past a string's end (or of a string that
 *           does not exist: no counts there) is filled with zero bytes to its length.
 */
export const READ_RANGES_LUA = `
local out = {}
for i = 1, #ARGV, 3 do
  local from = tonumber(ARGV[i + 1])
  local len = tonumber(ARGV[i + 2])
  local s = redis.call('GETRANGE', KEYS[tonumber(ARGV[i])], from, from + len - 1)
  if #s < len then s = s .. string.rep('\\0', len - #s) end
  out[#out + 1] = s
end
return table.concat(out)
`;
