import { afterAll } from 'vitest';
import { RedisAlertStore } from '../../alerting/redis-alert-store.js';
import { RedisLease } from '../../alerting/redis-lease.js';
import { testRedis } from '../support/redis.js';
import { alertStoreConformance } from './support/store-conformance.js';

const redis = testRedis();
let n = 0;
afterAll(() => redis.cleanup());

alertStoreConformance('redis', async () => {
  const prefix = `${redis.prefix}${n++}:`;
  const lease = new RedisLease(redis.redis, prefix, 60_000);
  await lease.acquire();
  return { store: new RedisAlertStore(redis.redis, prefix), fence: { holder: lease.token, stale: 'stale' } };
});
