import { afterAll, describe, expect, it } from 'vitest';
import { RedisLease } from '../../alerting/redis-lease.js';
import { testRedis } from '../support/redis.js';

const redis = testRedis();
let n = 0;
afterAll(() => redis.cleanup());
const pair = (periodMs: number) => {
  const prefix = `${redis.prefix}${n++}:`;
  return [
    new RedisLease(redis.redis, prefix, periodMs),
    new RedisLease(redis.redis, prefix, periodMs),
  ] as const;
};

describe('redis lease', () => {
  it('is held by one instance at a time and renewed by its holder', async () => {
    const [a, b] = pair(60_000);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await a.acquire()).toBe(true);
    expect([a.held(), b.held()]).toEqual([true, false]);
  });

  it('is taken over by another instance once the holder stops renewing', async () => {
    const [a, b] = pair(300);
    expect(await a.acquire()).toBe(true);
    await expect.poll(() => b.acquire(), { timeout: 5000, interval: 50 }).toBe(true);
    expect(a.held()).toBe(false);
    expect(await a.acquire()).toBe(false);
  });

  it('never renews or releases a lease another instance holds', async () => {
    const [a, b] = pair(60_000);
    await a.acquire();
    await b.release();
    expect(await b.acquire()).toBe(false);
    await a.release();
    expect(await b.acquire()).toBe(true);
  });

  it('renews a lease it still holds in Redis even after its local view expired', async () => {
    const [a] = pair(60_000);
    let now = 0;
    const slow = new RedisLease(redis.redis, `${redis.prefix}slow:`, 60_000, () => now);
    expect(await slow.acquire()).toBe(true);
    now += 61_000;
    expect(slow.held()).toBe(false);
    expect(await slow.acquire()).toBe(true);
    expect(await a.acquire()).toBe(true);
  });
});
