// The conformance suite against the three-master Redis Cluster the global setup starts: every
// SLO's keys share one hash tag, so its Lua scripts run on one node.
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { RedisWindowStore } from '../../../pipeline/window/redis-window-store.js';
import { testRedisCluster } from '../../support/redis.js';
import { windowStoreConformance } from './window-store-conformance.js';

let cluster: Cluster;
let newPrefix: () => string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ cluster, newPrefix, cleanup } = await testRedisCluster());
});

afterAll(() => cleanup());

windowStoreConformance('redis cluster', async () => new RedisWindowStore(cluster, newPrefix()));
