import type { RedisClient } from '../../core/redis/redis-connection.js';
import type { Silence } from './silence.js';
import { expiredAt, type SilenceStore } from './silence-store.js';

/**
 * Silences in Redis, shared by every instance: one hash `<prefix>silences:{silences}` of
 * id -> Silence JSON (one hash tag, so it lives on one Cluster node). Silences are few and
 * small; `list` reads them all.
 */
export class RedisSilenceStore implements SilenceStore {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
  ) {
    this.key = `${prefix}silences:{silences}`;
  }

  async create(silence: Silence): Promise<void> {
    await this.redis.hset(this.key, silence.id, JSON.stringify(silence));
  }

  async list(): Promise<Silence[]> {
    const all = await this.redis.hgetall(this.key);
    return Object.values(all).map((json) => JSON.parse(json) as Silence);
  }

  async get(id: string): Promise<Silence | undefined> {
    const json = await this.redis.hget(this.key, id);
    return json === null ? undefined : (JSON.parse(json) as Silence);
  }

  async expire(id: string, atMs: number): Promise<Silence | undefined> {
    const s = await this.get(id);
    if (s === undefined) return undefined;
    const ended = expiredAt(s, atMs);
    // Two instances expiring the same silence write the same end (or the earlier one's is
    // already past `atMs` and kept), so a plain write is enough.
    if (ended !== s) await this.redis.hset(this.key, id, JSON.stringify(ended));
    return ended;
  }

  async prune(beforeMs: number): Promise<void> {
    const gone = (await this.list()).filter((s) => Date.parse(s.endsAt) < beforeMs).map((s) => s.id);
    if (gone.length > 0) await this.redis.hdel(this.key, ...gone);
  }
}
