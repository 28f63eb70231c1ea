import { defineScript } from '../../core/redis/define-script.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import type { Incident } from '../../correlate/incidents/incident.js';
import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';
import { outboxEnqueueArgs, RedisOutbox } from '../redis-outbox.js';
import type { ChatMessageRef, MessageClaim, MessageClaimRequest } from './incident-messages.js';
import {
  type ClaimedIncidentEvent,
  DEFAULT_LIST_LIMIT,
  type IncidentCommit,
  type IncidentListFilter,
  type IncidentRetention,
  type IncidentStore,
  matchesFilter,
} from './incident-store.js';
import {
  CLAIM_MESSAGE_LUA,
  COMMIT_INCIDENTS_LUA,
  FIRST_DUE_KEY,
  IncidentKeys,
  SAVE_MESSAGE_LUA,
} from './redis-incident-layout.js';

/**
 * Incidents and their outbox in Redis, shared by every instance (single Redis or Cluster:
 * every key shares the alerting lease's slot). A commit is one Lua script that checks the
 * lease fence, writes the incidents, queues their notifications and prunes; claims,
 * completions and retries are `RedisOutbox`'s scripts on the incident keys.
 */
export class RedisIncidentStore implements IncidentStore {
  private readonly keys: IncidentKeys;
  private readonly commitScript;
  private readonly claimMessageScript;
  private readonly saveMessageScript;
  private readonly outbox: RedisOutbox<IncidentEvent>;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly retention: IncidentRetention,
  ) {
    this.keys = new IncidentKeys(prefix);
    this.commitScript = defineScript(redis, 'flCommitIncidents', COMMIT_INCIDENTS_LUA);
    this.claimMessageScript = defineScript(redis, 'flClaimIncidentMessage', CLAIM_MESSAGE_LUA);
    this.saveMessageScript = defineScript(redis, 'flSaveIncidentMessage', SAVE_MESSAGE_LUA);
    this.outbox = new RedisOutbox(redis, this.keys);
  }

  async open(): Promise<Incident[]> {
    return this.read(await this.redis.zrevrange(this.keys.open, 0, -1));
  }

  async list(filter: IncidentListFilter = {}): Promise<Incident[]> {
    const limit = Math.max(0, filter.limit ?? DEFAULT_LIST_LIMIT);
    if (limit === 0) return [];
    const k = this.keys;
    const state = filter.state;
    if (state === 'open' || state === 'acknowledged') {
      // Open incidents are few (they resolve or are pruned); filter them here.
      if (filter.status === 'resolved') return [];
      const open = await this.read(await this.redis.zrevrange(k.open, 0, -1));
      return open.filter((i) => matchesFilter(i, filter)).slice(0, limit);
    }
    const status = state === 'resolved' ? 'resolved' : filter.status;
    if (state === 'resolved' && filter.status === 'open') return [];
    if (status === 'open') return this.read(await this.redis.zrevrange(k.open, 0, limit - 1));
    if (status === undefined) return this.read(await this.redis.zrevrange(k.opened, 0, limit - 1));
    // Resolved ones, newest opened first: every id but the open ones (bounded by maxResolved).
    const [all, open] = await Promise.all([
      this.redis.zrevrange(k.opened, 0, -1),
      this.redis.zrange(k.open, 0, -1),
    ]);
    const skip = new Set(open);
    return this.read(all.filter((id) => !skip.has(id)).slice(0, limit));
  }

  async get(id: string): Promise<Incident | undefined> {
    return (await this.read([id]))[0];
  }

  async commit(change: IncidentCommit, fence: string | null): Promise<boolean> {
    const k = this.keys;
    const queued = outboxEnqueueArgs(k, change.enqueue, (e) => e.event, FIRST_DUE_KEY);
    const args: Array<string | number> = [
      fence ?? '',
      change.nowMs - this.retention.retentionMs,
      this.retention.maxResolved,
      change.upserts.length,
    ];
    for (const i of change.upserts) {
      const resolvedAt = i.resolvedAt === undefined ? '' : Date.parse(i.resolvedAt);
      const { revision, ...stored } = i;
      const json = JSON.stringify(stored);
      args.push(i.id, json, Date.parse(i.openedAt), i.status, resolvedAt, revision ?? '');
    }
    args.push(...queued.args);
    const keys = [
      ...[k.lease, k.data, k.opened, k.open, k.resolved, k.outbox, k.delivered, k.revs, k.messages],
      ...queued.dueKeys,
    ];
    return (await this.commitScript(keys, args)) === 1;
  }

  async claim(
    notifier: string,
    nowMs: number,
    claimTimeoutMs: number,
  ): Promise<ClaimedIncidentEvent | undefined> {
    const got = await this.outbox.claim(notifier, nowMs, claimTimeoutMs);
    return got && { notifier, event: got.payload, attempt: got.attempt };
  }

  complete(notifier: string, eventId: string, nowMs: number): Promise<void> {
    return this.outbox.complete(notifier, eventId, nowMs);
  }

  retry(notifier: string, eventId: string, dueAtMs: number): Promise<void> {
    return this.outbox.retry(notifier, eventId, dueAtMs);
  }

  pending(notifier: string): Promise<number> {
    return this.outbox.pending(notifier);
  }

  async claimMessage(request: MessageClaimRequest): Promise<MessageClaim> {
    const { notifier, incidentId, holder, nowMs, untilMs } = request;
    const k = this.keys;
    const got = String(
      await this.claimMessageScript([k.messages, k.data], [incidentId, notifier, holder, nowMs, untilMs]),
    );
    if (got === 'busy') return { busy: true };
    if (got === 'reserved') return { reserved: true };
    const ref = JSON.parse(got) as ChatMessageRef;
    // Lua's cjson writes an empty array as an object.
    return { ref: { ...ref, replied: Array.isArray(ref.replied) ? ref.replied : [] } };
  }

  async saveMessage(notifier: string, incidentId: string, ref: ChatMessageRef): Promise<void> {
    const k = this.keys;
    await this.saveMessageScript([k.messages, k.data], [incidentId, notifier, JSON.stringify(ref)]);
  }

  private async read(ids: readonly string[]): Promise<Incident[]> {
    if (ids.length === 0) return [];
    // One transaction (same slot): an incident and its revision are read as of one moment,
    // or a stale copy could carry a current revision and pass the commit's check.
    const replies = await this.redis
      .multi()
      .hmget(this.keys.data, ...ids)
      .hmget(this.keys.revs, ...ids)
      .exec();
    const [values, revisions] = (replies ?? []).map(([err, value]) => {
      if (err) throw err;
      return value as Array<string | null>;
    });
    if (values === undefined || revisions === undefined) throw new Error('incident read transaction aborted');
    return values.flatMap((json, n) =>
      json === null ? [] : [{ ...(JSON.parse(json) as Incident), revision: Number(revisions[n] ?? 0) }],
    );
  }
}
