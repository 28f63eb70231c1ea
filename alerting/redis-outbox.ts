import { defineScript } from '../core/redis/define-script.js';
import type { RedisClient } from '../core/redis/redis-connection.js';
import { type ClaimedPayload, DELIVERED_RETENTION_MS, type OutboxPayload } from './outbox.js';
import { outboxField } from './redis-alert-layout.js';
import { CLAIM_OUTBOX_LUA, COMPLETE_OUTBOX_LUA, RETRY_OUTBOX_LUA } from './redis-outbox-scripts.js';

/** The keys of one outbox in Redis; all in one Cluster slot with the commit that fills them. */
export interface OutboxKeys {
  /** `<notifier>\n<id>` -> payload JSON (hash). */
  readonly outbox: string;
  /** Same field -> delivery attempts so far (hash). */
  readonly attempts: string;
  /** Same field, scored by delivery time in ms (zset). */
  readonly delivered: string;
  /** A notifier's queued ids, scored by due time or claim expiry (zset). */
  due(notifier: string): string;
}

/**
 * Claims, completions and retries of one outbox in Redis: the `Outbox` semantics over any
 * `OutboxKeys`, one atomic script each. Entries are queued by the owner's commit script,
 * with `enqueueOutboxLua` and `outboxEnqueueArgs`.
 */
export class RedisOutbox<T extends OutboxPayload> {
  private readonly claimScript;
  private readonly completeScript;
  private readonly retryScript;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: OutboxKeys,
  ) {
    this.claimScript = defineScript(redis, 'flClaimOutbox', CLAIM_OUTBOX_LUA);
    this.completeScript = defineScript(redis, 'flCompleteOutbox', COMPLETE_OUTBOX_LUA);
    this.retryScript = defineScript(redis, 'flRetryOutbox', RETRY_OUTBOX_LUA);
  }

  async claim(
    notifier: string,
    nowMs: number,
    claimTimeoutMs: number,
  ): Promise<ClaimedPayload<T> | undefined> {
    const k = this.keys;
    const got = (await this.claimScript(
      [k.due(notifier), k.outbox, k.attempts],
      [nowMs, nowMs + claimTimeoutMs, `${notifier}\n`],
    )) as [string, string, number] | null;
    if (got === null) return undefined;
    return { payload: JSON.parse(got[1]) as T, attempt: Number(got[2]) };
  }

  async complete(notifier: string, id: string, nowMs: number): Promise<void> {
    const k = this.keys;
    await this.completeScript(
      [k.due(notifier), k.outbox, k.attempts, k.delivered],
      [id, outboxField(notifier, id), nowMs, nowMs - DELIVERED_RETENTION_MS],
    );
  }

  async retry(notifier: string, id: string, dueAtMs: number): Promise<void> {
    await this.retryScript(
      [this.keys.due(notifier), this.keys.outbox],
      [id, outboxField(notifier, id), dueAtMs],
    );
  }

  async pending(notifier: string): Promise<number> {
    return this.redis.zcard(this.keys.due(notifier));
  }
}

/** An entry a commit queues: for `notifier`, not before `dueAtMs`. */
export interface EnqueuedEntry {
  notifier: string;
  dueAtMs: number;
}

/**
 * The KEYS and ARGV a commit script needs to queue `entries` with `enqueueOutboxLua`: the
 * due zsets to pass from KEYS index `firstDueKey` (1-based) on, and the ARGV tail (count,
 * then per entry its due zset's KEYS index, field, id, due ms and payload JSON).
 */
export function outboxEnqueueArgs<E extends EnqueuedEntry>(
  keys: OutboxKeys,
  entries: readonly E[],
  payloadOf: (entry: E) => OutboxPayload,
  firstDueKey: number,
): { dueKeys: string[]; args: Array<string | number> } {
  const dueKeys = [...new Set(entries.map((e) => keys.due(e.notifier)))];
  const args: Array<string | number> = [entries.length];
  for (const e of entries) {
    const payload = payloadOf(e);
    args.push(
      firstDueKey + dueKeys.indexOf(keys.due(e.notifier)),
      outboxField(e.notifier, payload.id),
      payload.id,
      e.dueAtMs,
      JSON.stringify(payload),
    );
  }
  return { dueKeys, args };
}
