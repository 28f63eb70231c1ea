// The conformance suite against a Redis Cluster, when one is given: the test services run
// a single Redis, so this only runs with FAULTLINE_TEST_REDIS_CLUSTER_NODES=host:port,...
// (e.g. three `redis-server --cluster-enabled yes` nodes joined by `redis-cli --cluster create`).
import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { RedisSeriesStore } from '../../../pipeline/series/redis-series-store.js';
import type { SeriesStore } from '../../../pipeline/series/series-store.js';
import { clusterNodesFromEnv } from '../../support/redis.js';
import { describeSeriesStoreConformance } from './series-store-conformance.js';

const nodes = clusterNodesFromEnv();

if (nodes.length === 0) {
  describe('SeriesStore conformance: RedisSeriesStore on a Cluster', () => {
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

  async function deletePrefix(prefix: string): Promise<void> {
    for (const node of cluster.nodes('master')) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        // One DEL per key: keys of different subjects are in different slots.
        for (const key of keys) await node.del(key);
      } while (cursor !== '0');
    }
  }

  describeSeriesStoreConformance('RedisSeriesStore on a Cluster', () => {
    const stores: SeriesStore[] = [];
    const prefix = `test:${randomUUID()}:`;
    return {
      async create(options) {
        const store = new RedisSeriesStore(cluster, { ...options, keyPrefix: prefix });
        stores.push(store);
        return store;
      },
      async cleanup() {
        await Promise.all(stores.map((s) => s.close()));
        await deletePrefix(prefix);
      },
    };
  });
}
