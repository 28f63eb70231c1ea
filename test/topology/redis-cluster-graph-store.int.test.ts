// The conformance suite against a Redis Cluster, when one is given: the test services run
// a single Redis, so this only runs with FAULTLINE_TEST_REDIS_CLUSTER_NODES=host:port,...
import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { GraphStore } from '../../topology/graph-store.js';
import { RedisGraphStore } from '../../topology/redis-graph-store.js';
import { clusterNodesFromEnv } from '../support/redis.js';
import { describeGraphStoreConformance } from './graph-store-conformance.js';

const nodes = clusterNodesFromEnv();

if (nodes.length === 0) {
  describe('GraphStore conformance: RedisGraphStore on a Cluster', () => {
    it.skip('needs FAULTLINE_TEST_REDIS_CLUSTER_NODES', () => {});
  });
} else {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = new Cluster(nodes, { lazyConnect: true });
    await cluster.connect();
  });

  afterAll(async () => {
    await cluster.quit();
  });

  describeGraphStoreConformance('RedisGraphStore on a Cluster', () => {
    const stores: GraphStore[] = [];
    let prefix = `test:${randomUUID()}:`;
    return {
      async create(options) {
        const store = new RedisGraphStore(cluster, { ...options, keyPrefix: prefix });
        stores.push(store);
        return store;
      },
      async cleanup() {
        await Promise.all(stores.splice(0).map((s) => s.close()));
        for (const node of cluster.nodes('master')) {
          const keys = await node.keys(`${prefix}*`);
          for (const key of keys) await node.del(key);
        }
        prefix = `test:${randomUUID()}:`;
      },
    };
  });
}
