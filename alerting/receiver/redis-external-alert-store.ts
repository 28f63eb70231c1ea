import { defineScript } from '../../core/redis/define-script.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import { ReceiverError, ReceiverErrorCode } from './errors.js';
import {
  type ExternalAlert,
  type ExternalAlertFilter,
  type ExternalAlertStore,
  type ExternalAlertStoreLimits,
  externalAlertDefaults,
  lastHeardMs,
  sameNews,
  selectAlerts,
  supersedes,
} from './external-alert-store.js';

/**
 * Redis keys of external alerts, under one hash tag so each script runs on one Cluster node.
 *
 * | key                                 | holds                                           | type |
 * | ----------------------------------- | ----------------------------------------------- | ---- |
 * | `<p>external:{external}:alerts`     | fingerprint -> ExternalAlert JSON               | hash |
 * | `<p>external:{external}:last`       | fingerprint, scored by when it was last heard of | zset |
 * | `<p>external:{external}:recorded`   | fingerprint, scored by the order of recording    | zset |
 * | `<p>external:{external}:seq`        | the last recording's number                     | string |
 * | `<p>external:{external}:bytes`      | bytes of every alert JSON held                  | string |
 */
function keysOf(
  prefix: string,
): [alerts: string, last: string, recorded: string, seq: string, bytes: string] {
  const base = `${prefix}external:{external}:`;
  return [`${base}alerts`, `${base}last`, `${base}recorded`, `${base}seq`, `${base}bytes`];
}

// Compare-and-set: writes the alert only if what is stored is still what the caller read
// (ARGV[2], '' for nothing), so two instances taking the same webhook (an Alertmanager HA
// pair sends to both) cannot overwrite a newer word with an older one.
const RECORD_LUA = `
local current = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if current ~= ARGV[2] then return 0 end
redis.call('INCRBY', KEYS[5], string.len(ARGV[3]) - string.len(current))
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[4]), ARGV[1])
return 1
`;

// Forgets alerts last heard of before ARGV[1], then the least recently recorded beyond ARGV[2]
// alerts or ARGV[3] bytes (at most 1000 each call). Returns how many the bounds evicted.
const PRUNE_LUA = `
local function forget(list)
  for _, f in ipairs(list) do
    redis.call('DECRBY', KEYS[5], redis.call('HSTRLEN', KEYS[1], f))
    redis.call('HDEL', KEYS[1], f)
    redis.call('ZREM', KEYS[2], f)
    redis.call('ZREM', KEYS[3], f)
  end
  return #list
end
forget(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[1], 'LIMIT', 0, 1000))
local evicted = 0
local over = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[2])
if over > 0 then evicted = forget(redis.call('ZRANGE', KEYS[3], 0, math.min(over, 1000) - 1)) end
while evicted < 1000 and tonumber(redis.call('GET', KEYS[5]) or '0') > tonumber(ARGV[3]) do
  local n = forget(redis.call('ZRANGE', KEYS[3], 0, 0))
  if n == 0 then break end
  evicted = evicted + n
end
return evicted
`;

/** Compare-and-set rounds before a record gives up (each lost round means another writer won). */
const MAX_ROUNDS = 8;

/**
 * External alerts in Redis, shared by every instance: whichever instance an Alertmanager
 * webhook reaches, and whichever leads incident grouping after a failover, sees the same
 * alerts. Bounded in age and count like the memory store.
 */
export class RedisExternalAlertStore implements ExternalAlertStore {
  private readonly keys: string[];
  private readonly limits: Required<ExternalAlertStoreLimits>;
  private readonly cas;
  private readonly pruneScript;

  constructor(
    private readonly redis: RedisClient,
    keyPrefix: string,
    limits: ExternalAlertStoreLimits,
  ) {
    this.keys = keysOf(keyPrefix);
    this.limits = { ...externalAlertDefaults, ...limits };
    this.cas = defineScript(redis, 'flRecordExternalAlert', RECORD_LUA);
    this.pruneScript = defineScript(redis, 'flPruneExternalAlerts', PRUNE_LUA);
  }

  async record(alerts: readonly ExternalAlert[]): Promise<number> {
    let changed = 0;
    for (const alert of alerts) if (await this.recordOne(alert)) changed += 1;
    await this.prune();
    return changed;
  }

  async list(filter: ExternalAlertFilter = {}): Promise<ExternalAlert[]> {
    await this.prune();
    const all = Object.values(await this.redis.hgetall(this.keys[0]!)).map(
      (json) => JSON.parse(json) as ExternalAlert,
    );
    return selectAlerts(all, filter);
  }

  async get(fingerprint: string): Promise<ExternalAlert | undefined> {
    const json = await this.redis.hget(this.keys[0]!, fingerprint);
    return json === null ? undefined : (JSON.parse(json) as ExternalAlert);
  }

  private async recordOne(alert: ExternalAlert): Promise<boolean> {
    const json = JSON.stringify(alert);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = await this.redis.hget(this.keys[0]!, alert.fingerprint);
      const stored = current === null ? undefined : (JSON.parse(current) as ExternalAlert);
      if (stored !== undefined && !supersedes(alert, stored)) return false;
      const args = [alert.fingerprint, current ?? '', json, lastHeardMs(alert)];
      if ((await this.cas(this.keys, args)) === 1) return stored === undefined || !sameNews(alert, stored);
    }
    throw new ReceiverError(
      ReceiverErrorCode.StoreContention,
      'external alert kept changing under the write',
      {
        fingerprint: alert.fingerprint,
        rounds: MAX_ROUNDS,
      },
    );
  }

  private async prune(): Promise<void> {
    const { now, retentionMs, maxAlerts, maxBytes, onEvicted } = this.limits;
    const evicted = Number(await this.pruneScript(this.keys, [now() - retentionMs, maxAlerts, maxBytes]));
    if (evicted > 0) onEvicted(evicted);
  }
}
