import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { REDIS_URL } from './services.js';

/** A Redis client and a key prefix of its own for one test file; `cleanup` deletes its keys. */
export function testRedis(): { redis: Redis; prefix: string; cleanup: () => Promise<void> } {
  const redis = new Redis(REDIS_URL, { enableAutoPipelining: true, lazyConnect: false });
  const prefix = `test:${randomUUID()}:`;
  const cleanup = async () => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  };
  return { redis, prefix, cleanup };
}

/**
 * The Redis Cluster seed nodes of the test run: the global setup starts the three-master
 * cluster of `scripts/redis-cluster.sh` and passes its nodes in
 * `FAULTLINE_TEST_REDIS_CLUSTER_NODES=host:port,...` (set it yourself to use another cluster).
 */
export function clusterNodesFromEnv(): Array<{ host: string; port: number }> {
  const nodes = (process.env.FAULTLINE_TEST_REDIS_CLUSTER_NODES ?? '')
    .split(',')
    .filter((n) => n !== '')
    .map((n) => {
      const [host, port] = n.split(':');
      return { host: host ?? '127.0.0.1', port: Number(port) };
    });
  if (nodes.length === 0)
    throw new Error('FAULTLINE_TEST_REDIS_CLUSTER_NODES is empty: the global setup sets it');
  return nodes;
}

/** Deletes every key under `prefix` on every master of `cluster`, one DEL per key (keys span slots). */
export async function deleteClusterPrefix(cluster: Cluster, prefix: string): Promise<void> {
  for (const node of cluster.nodes('master')) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) await node.del(key);
    } while (cursor !== '0');
  }
}

/**
 * A connected client of the test Redis Cluster for one test file (call in `beforeAll`);
 * `cleanup` deletes the keys under every prefix handed out by `newPrefix` and disconnects.
 */
export async function testRedisCluster(): Promise<{
  cluster: Cluster;
  newPrefix: () => string;
  cleanup: () => Promise<void>;
}> {
  const cluster = new Cluster(clusterNodesFromEnv(), { lazyConnect: true });
  await cluster.connect();
  const prefixes: string[] = [];
  return {
    cluster,
    newPrefix: () => {
      const prefix = `test:${randomUUID()}:`;
      prefixes.push(prefix);
      return prefix;
    },
    cleanup: async () => {
      for (const prefix of prefixes.splice(0)) await deleteClusterPrefix(cluster, prefix);
      await cluster.quit();
    },
  };
}

/**
 * A store conformance harness on the test Redis Cluster: registers the file's `beforeAll`
 * and `afterAll` (call it at the top level), and gives each test a fresh key prefix shared by
 * the stores it creates; `cleanup` closes them and deletes their keys.
 */
export function clusterStoreHarness<Options, Store extends { close(): Promise<void> }>(
  make: (cluster: Cluster, keyPrefix: string, options: Options | undefined) => Store,
): () => { create(options?: Options): Promise<Store>; cleanup(): Promise<void> } {
  let client: Awaited<ReturnType<typeof testRedisCluster>>;
  beforeAll(async () => {
    client = await testRedisCluster();
  });
  afterAll(() => client.cleanup());
  return () => {
    const stores: Store[] = [];
    let prefix: string | undefined;
    return {
      async create(options) {
        prefix ??= client.newPrefix();
        const store = make(client.cluster, prefix, options);
        stores.push(store);
        return store;
      },
      async cleanup() {
        await Promise.all(stores.splice(0).map((s) => s.close()));
        if (prefix !== undefined) await deleteClusterPrefix(client.cluster, prefix);
        prefix = undefined;
      },
    };
  };
}
