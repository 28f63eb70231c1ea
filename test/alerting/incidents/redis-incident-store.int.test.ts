import { afterAll } from 'vitest';
import { RedisIncidentStore } from '../../../alerting/incidents/redis-incident-store.js';
import { RedisLease } from '../../../alerting/redis-lease.js';
import { testRedis } from '../../support/redis.js';
import { incidentStoreConformance, TEST_RETENTION } from './store-conformance.js';

const redis = testRedis();
let n = 0;
afterAll(() => redis.cleanup());

incidentStoreConformance('redis', async () => {
  const prefix = `${redis.prefix}${n++}:`;
  const lease = new RedisLease(redis.redis, prefix, 60_000);
  await lease.acquire();
  return {
    store: new RedisIncidentStore(redis.redis, prefix, TEST_RETENTION),
    fence: { holder: lease.token, stale: 'stale' },
  };
});
