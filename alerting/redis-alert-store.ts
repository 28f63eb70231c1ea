import type { RedisClient } from '../pipeline/redis/redis-connection.js';
import type { AlertTransition } from './alert.js';
import type { AlertCommit, AlertRecord, AlertStore } from './alert-store.js';
import { type ClaimedEntry, DELIVERED_RETENTION_MS, type Outbox } from './outbox.js';
import { AlertingKeys, outboxField } from './redis-alert-layout.js';
import {
  CLAIM_OUTBOX_LUA,
  COMMIT_ALERTS_LUA,
  COMPLETE_OUTBOX_LUA,
  defineScript,
  RETRY_OUTBOX_LUA,
} from './redis-alert-scripts.js';

/**
 * Alert state and the notification outbox in Redis, shared by every instance. A commit is
 * one Lua script that checks the lease fence, writes the records and queues the
 * notifications; claims, completions and retries are one script each.
 */
export class RedisAlertStore implements AlertStore, Outbox {
  private readonly keys: AlertingKeys;
  private readonly commitScript;
  private readonly claimScript;
  private readonly completeScript;
  private readonly retryScript;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = new AlertingKeys(prefix);
    this.commitScript = defineScript(redis, 'flCommitAlerts', COMMIT_ALERTS_LUA);
    this.claimScript = defineScript(redis, 'flClaimOutbox', CLAIM_OUTBOX_LUA);
    this.completeScript = defineScript(redis, 'flCompleteOutbox', COMPLETE_OUTBOX_LUA);
    this.retryScript = defineScript(redis, 'flRetryOutbox', RETRY_OUTBOX_LUA);
  }

  async load(): Promise<AlertRecord[]> {
    const all = await this.redis.hgetall(this.keys.state);
    return Object.values(all).map((json) => JSON.parse(json) as AlertRecord);
  }

  async commit(change: AlertCommit, fence: string | null): Promise<boolean> {
    const k = this.keys;
    const dueKeys = [...new Set(change.enqueue.map((e) => k.due(e.notifier)))];
    const args: Array<string | number> = [fence ?? '', change.upserts.length];
    for (const r of change.upserts) args.push(r.key, JSON.stringify(r));
    args.push(change.deletes.length, ...change.deletes);
    args.push(change.enqueue.length);
    for (const e of change.enqueue) {
      args.push(
        5 + dueKeys.indexOf(k.due(e.notifier)),
        outboxField(e.notifier, e.transition.id),
        e.transition.id,
        e.dueAtMs,
        JSON.stringify(e.transition),
      );
    }
    const applied = await this.commitScript([k.lease, k.state, k.outbox, k.delivered, ...dueKeys], args);
    return applied === 1;
  }

  async claim(notifier: string, nowMs: number, claimTimeoutMs: number): Promise<ClaimedEntry | undefined> {
    const k = this.keys;
    const got = (await this.claimScript(
      [k.due(notifier), k.outbox, k.attempts],
      [nowMs, nowMs + claimTimeoutMs, `${notifier}\n`],
    )) as [string, string, number] | null;
    if (got === null) return undefined;
    return { notifier, transition: JSON.parse(got[1]) as AlertTransition, attempt: Number(got[2]) };
  }

  async complete(notifier: string, transitionId: string, nowMs: number): Promise<void> {
    const k = this.keys;
    await this.completeScript(
      [k.due(notifier), k.outbox, k.attempts, k.delivered],
      [transitionId, outboxField(notifier, transitionId), nowMs, nowMs - DELIVERED_RETENTION_MS],
    );
  }

  async retry(notifier: string, transitionId: string, dueAtMs: number): Promise<void> {
    await this.retryScript(
      [this.keys.due(notifier), this.keys.outbox],
      [transitionId, outboxField(notifier, transitionId), dueAtMs],
    );
  }

  async pending(notifier: string): Promise<number> {
    return this.redis.zcard(this.keys.due(notifier));
  }
}
