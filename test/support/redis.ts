import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
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

/** The Redis Cluster seed nodes a test may run against: `FAULTLINE_TEST_REDIS_CLUSTER_NODES=host:port,...`. */
export function clusterNodesFromEnv(): Array<{ host: string; port: number }> {
  return (process.env.FAULTLINE_TEST_REDIS_CLUSTER_NODES ?? '')
    .split(',')
    .filter((n) => n !== '')
    .map((n) => {
      const [host, port] = n.split(':');
      return { host: host ?? '127.0.0.1', port: Number(port) };
    });
}
