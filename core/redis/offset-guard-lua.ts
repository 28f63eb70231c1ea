/**
 * The Kafka offset guard as Lua fragments, for scripts that add counts exactly once per
 * message: each keeps, in a hash, the next offset applied per stream (`topic:partition`),
 * and adds a delta covering messages [from, upto) only if none of them was added before.
 * The rule is the one `pipeline/window/offset-guard.ts` states in TypeScript.
 *
 * A script using them declares the locals `offsets` (the hash's key), `stream` ('' when
 * unguarded), `from` and `upto` (numbers) and `offsets_ttl` (seconds), runs
 * {@link GUARD_CHECK_LUA} before writing anything and {@link GUARD_RECORD_LUA} after.
 */

/** Returns `{0, stored}` (all applied before) or `{-1, stored}` (partly) before any write. */
export const GUARD_CHECK_LUA = `
if stream ~= '' then
  local stored = redis.call('HGET', offsets, stream)
  if stored then
    stored = tonumber(stored)
    if stored >= upto then return {0, stored} end
    if stored > from then return {-1, stored} end
  end
end
`;

/** Records the new next offset of the stream (after the writes it guards). */
export const GUARD_RECORD_LUA = `
if stream ~= '' then
  redis.call('HSET', offsets, stream, upto)
  redis.call('EXPIRE', offsets, offsets_ttl)
end
`;

/** What a guarded write did; `stored` is the next offset the store held when it refused. */
export interface GuardReply {
  outcome: 'applied' | 'duplicate' | 'conflict';
  stored?: number;
}

/** Reads a script's `{code, stored}` reply (1 applied, 0 duplicate, -1 conflict). */
export function guardReplyOf(reply: unknown): GuardReply {
  const [code, stored] = Array.isArray(reply) ? reply.map(Number) : [Number(reply), Number.NaN];
  if (code === 1) return { outcome: 'applied' };
  if (code === 0 || code === -1) {
    return { outcome: code === 0 ? 'duplicate' : 'conflict', ...(Number.isFinite(stored) ? { stored } : {}) };
  }
  throw new Error(`unexpected guarded script reply ${JSON.stringify(reply)}`);
}
