import { AlertingKeys } from '../redis-alert-layout.js';
import { enqueueOutboxLua } from '../redis-outbox-scripts.js';

/**
 * Redis keys of incidents. They carry the hash tag `{alerting}`, as alerting's keys do, so
 * they share the evaluation lease's Redis Cluster slot and one Lua script can fence on the
 * lease and write incidents and their outbox together.
 *
 * | key                                      | holds                                            | type   |
 * | ---------------------------------------- | ------------------------------------------------ | ------ |
 * | `<p>incidents:{alerting}:data`           | incident id -> Incident JSON                     | hash   |
 * | `<p>incidents:{alerting}:opened`         | every incident id, scored by openedAt (ms)       | zset   |
 * | `<p>incidents:{alerting}:open`           | open incident ids, scored by openedAt            | zset   |
 * | `<p>incidents:{alerting}:resolved`       | resolved incident ids, scored by resolvedAt      | zset   |
 * | `<p>incidents:{alerting}:outbox`         | `<notifier>\n<event id>` -> IncidentEvent JSON   | hash   |
 * | `<p>incidents:{alerting}:attempts`       | same field -> delivery attempts so far           | hash   |
 * | `<p>incidents:{alerting}:delivered`      | same field, scored by delivery time (ms)         | zset   |
 * | `<p>incidents:{alerting}:due:<notifier>` | event id, scored by due time or claim expiry     | zset   |
 * | `<p>incidents:{alerting}:revs`           | incident id -> revision (bumped by every write)  | hash   |
 * | `<p>incidents:{alerting}:messages`       | incident id -> its chat messages' JSON, per notifier | hash |
 */
export class IncidentKeys {
  /** The alerting evaluation lease the commits fence on. */
  readonly lease: string;
  readonly data: string;
  readonly opened: string;
  readonly open: string;
  readonly resolved: string;
  readonly outbox: string;
  readonly attempts: string;
  readonly delivered: string;
  readonly revs: string;
  readonly messages: string;
  private readonly base: string;

  constructor(prefix: string) {
    this.lease = new AlertingKeys(prefix).lease;
    this.base = `${prefix}incidents:{alerting}:`;
    this.data = `${this.base}data`;
    this.opened = `${this.base}opened`;
    this.open = `${this.base}open`;
    this.resolved = `${this.base}resolved`;
    this.outbox = `${this.base}outbox`;
    this.attempts = `${this.base}attempts`;
    this.delivered = `${this.base}delivered`;
    this.revs = `${this.base}revs`;
    this.messages = `${this.base}messages`;
  }

  due(notifier: string): string {
    return `${this.base}due:${notifier}`;
  }
}

/** KEYS index of the first due zset in `COMMIT_INCIDENTS_LUA`. */
export const FIRST_DUE_KEY = 10;

/**
 * Writes incidents and queues their notifications if the fence holds and every incident
 * given with an expected revision still has it, then drops resolved incidents past the
 * retention (at most 1000 per call) and beyond the count limit.
 *
 * KEYS[1] lease, [2] data, [3] opened, [4] open, [5] resolved, [6] outbox, [7] delivered,
 *      [8] revs, [9] messages, [10..] due zsets
 * ARGV[1] fence token ('' = unfenced), [2] drop resolved before (ms), [3] most resolved kept;
 *      then the number of incidents and, per incident, its id, JSON, openedAt ms, status,
 *      resolvedAt ms ('' while open) and expected revision ('' = any); then the outbox
 *      entries as `outboxEnqueueArgs` lays them out.
 * Returns 1 applied, 0 fence lost or an incident changed meanwhile (nothing written).
 */
export const COMMIT_INCIDENTS_LUA = `
if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local p = 4
local n = tonumber(ARGV[p])
p = p + 1
for i = 1, n do
  local expected = ARGV[p + 5]
  if expected ~= '' and tonumber(redis.call('HGET', KEYS[8], ARGV[p]) or '0') ~= tonumber(expected) then
    return 0
  end
  p = p + 6
end
p = 5
for i = 1, n do
  local id = ARGV[p]
  redis.call('HSET', KEYS[2], id, ARGV[p + 1])
  redis.call('HINCRBY', KEYS[8], id, 1)
  redis.call('ZADD', KEYS[3], ARGV[p + 2], id)
  if ARGV[p + 3] == 'open' then
    redis.call('ZADD', KEYS[4], ARGV[p + 2], id)
    redis.call('ZREM', KEYS[5], id)
  else
    redis.call('ZREM', KEYS[4], id)
    redis.call('ZADD', KEYS[5], ARGV[p + 4], id)
  end
  p = p + 6
end
${enqueueOutboxLua(6, 7)}local function drop(ids)
  for _, id in ipairs(ids) do
    redis.call('HDEL', KEYS[2], id)
    redis.call('HDEL', KEYS[8], id)
    redis.call('HDEL', KEYS[9], id)
    redis.call('ZREM', KEYS[3], id)
    redis.call('ZREM', KEYS[5], id)
  end
end
drop(redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', '(' .. ARGV[2], 'LIMIT', 0, 1000))
local over = redis.call('ZCARD', KEYS[5]) - tonumber(ARGV[3])
if over > 0 then drop(redis.call('ZRANGE', KEYS[5], 0, math.min(over, 1000) - 1)) end
return 1
`;

/**
 * Finds an incident's chat message for one notifier, or reserves posting it.
 * KEYS[1] messages, [2] data; ARGV[1] incident id, [2] notifier, [3] holder, [4] now ms,
 * [5] reserve until ms. Returns the message JSON, 'busy' or 'reserved'.
 */
export const CLAIM_MESSAGE_LUA = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local all = {}
if raw then all = cjson.decode(raw) end
local e = all[ARGV[2]]
if e and e.ts then return cjson.encode(e) end
if e and e.holder ~= ARGV[3] and tonumber(e.untilMs) > tonumber(ARGV[4]) then return 'busy' end
all[ARGV[2]] = { holder = ARGV[3], untilMs = tonumber(ARGV[5]) }
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(all))
return 'reserved'
`;

/**
 * Records an incident's chat message for one notifier, if the incident is still stored.
 * KEYS[1] messages, [2] data; ARGV[1] incident id, [2] notifier, [3] message JSON.
 */
export const SAVE_MESSAGE_LUA = `
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return 0 end
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local all = {}
if raw then all = cjson.decode(raw) end
all[ARGV[2]] = cjson.decode(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(all))
return 1
`;
