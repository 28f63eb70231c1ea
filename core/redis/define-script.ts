import type { RedisClient } from './redis-connection.js';

/** Calls a script registered by {@link defineScript}: its keys, then its arguments. */
export type ScriptCall = (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>;

/**
 * Registers `lua` as a custom command on `redis` (once per client) and returns a caller for it.
 * ioredis then runs it by EVALSHA and falls back to EVAL when the server has not seen it, so a
 * Redis restart or a failover to a fresh replica needs no reload.
 */
export function defineScript(redis: RedisClient, name: string, lua: string): ScriptCall {
  const commands = redis as unknown as Record<string, (...a: Array<string | number>) => Promise<unknown>>;
  if (typeof commands[name] !== 'function') redis.defineCommand(name, { lua });
  const command = commands[name]!.bind(redis);
  return (keys, args) => command(keys.length, ...keys, ...args);
}
