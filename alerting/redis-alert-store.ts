import { defineScript } from '../core/redis/define-script.js';
import type { RedisClient } from '../core/redis/redis-connection.js';
import type { AlertTransition } from './alert.js';
import type { AlertCommit, AlertRecord, AlertStore } from './alert-store.js';
import type { ClaimedEntry, Outbox } from './outbox.js';
import { AlertingKeys } from './redis-alert-layout.js';
import { COMMIT_ALERTS_LUA } from './redis-alert-scripts.js';
import { outboxEnqueueArgs, RedisOutbox } from './redis-outbox.js';

/**
 * Alert state and the notification outbox in Redis, shared by every instance. A commit is
 * one Lua script that checks the lease fence, writes the records and queues the
 * notifications; claims, completions and retries are `RedisOutbox`'s scripts on the alert keys.
 */
export class RedisAlertStore implements AlertStore, Outbox {
  private readonly keys: AlertingKeys;
  private readonly commitScript;
  private readonly outbox: RedisOutbox<AlertTransition>;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.keys = new AlertingKeys(prefix);
    this.commitScript = defineScript(redis, 'flCommitAlerts', COMMIT_ALERTS_LUA);
    this.outbox = new RedisOutbox(redis, this.keys);
  }

  async load(): Promise<AlertRecord[]> {
    const all = await this.redis.hgetall(this.keys.state);
    return Object.values(all).map((json) => JSON.parse(json) as AlertRecord);
  }

  async commit(change: AlertCommit, fence: string | null): Promise<boolean> {
    const k = this.keys;
    const queued = outboxEnqueueArgs(k, change.enqueue, (e) => e.transition, 5);
    const args: Array<string | number> = [fence ?? '', change.upserts.length];
    for (const r of change.upserts) args.push(r.key, JSON.stringify(r));
    args.push(change.deletes.length, ...change.deletes, ...queued.args);
    const applied = await this.commitScript(
      [k.lease, k.state, k.outbox, k.delivered, ...queued.dueKeys],
      args,
    );
    return applied === 1;
  }

  async claim(notifier: string, nowMs: number, claimTimeoutMs: number): Promise<ClaimedEntry | undefined> {
    const got = await this.outbox.claim(notifier, nowMs, claimTimeoutMs);
    return got && { notifier, transition: got.payload, attempt: got.attempt };
  }

  complete(notifier: string, transitionId: string, nowMs: number): Promise<void> {
    return this.outbox.complete(notifier, transitionId, nowMs);
  }

  retry(notifier: string, transitionId: string, dueAtMs: number): Promise<void> {
    return this.outbox.retry(notifier, transitionId, dueAtMs);
  }

  pending(notifier: string): Promise<number> {
    return this.outbox.pending(notifier);
  }
}
