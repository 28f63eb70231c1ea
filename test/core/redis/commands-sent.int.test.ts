import { afterAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../../core/redis/redis-connection.js';
import { clusterNodesFromEnv, testRedis } from '../../support/redis.js';
import { REDIS_URL } from '../../support/services.js';

const { redis, prefix, cleanup } = testRedis();
afterAll(cleanup);

/** The server's own count of commands (every client's), to compare with on a quiet key space. */
async function serverCommands(): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))?.[1]);
}

describe('RedisConnection.commandsSent', () => {
  it('counts each command once: single, pipelined, scripted, and queued before the connection was ready', async () => {
    const conn = new RedisConnection({ url: REDIS_URL, clusterNodes: [] });
    const client = conn.client;
    // Given before start: it waits in the offline queue and is sent once connected.
    const early = client.set(`${prefix}early`, '1');
    await conn.start();
    await early;
    expect(conn.commandsSent).toBe(1);
    await client.get(`${prefix}early`);
    await client.pipeline().incr(`${prefix}n`).incr(`${prefix}n`).expire(`${prefix}n`, 60).exec();
    client.defineCommand('flTestEcho', { numberOfKeys: 1, lua: 'return redis.call("GET", KEYS[1])' });
    await (client as unknown as { flTestEcho(key: string): Promise<string> }).flTestEcho(`${prefix}n`);
    // 1 + 1 + 3 + the script (EVALSHA, then EVAL when the server did not know it yet).
    expect(conn.commandsSent).toBeGreaterThanOrEqual(6);
    expect(conn.commandsSent).toBeLessThanOrEqual(7);
    await conn.close();
  });

  it('agrees with the server counter over a run of pipelines when no one else writes', async () => {
    const conn = new RedisConnection({ url: REDIS_URL, clusterNodes: [] });
    await conn.start();
    const before = conn.commandsSent;
    const serverBefore = await serverCommands();
    for (let i = 0; i < 20; i++) {
      const p = conn.client.pipeline();
      for (let j = 0; j < 10; j++) p.hincrby(`${prefix}h`, `f${j}`, 1);
      await p.exec();
    }
    const ours = conn.commandsSent - before;
    // The server also counted our two INFO calls and whatever other clients sent meanwhile.
    expect(ours).toBe(200);
    expect((await serverCommands()) - serverBefore).toBeGreaterThanOrEqual(ours);
    await conn.close();
  });

  it('counts a Cluster client once per command, not again on the node it goes to', async () => {
    const nodes = clusterNodesFromEnv().map((n) => `${n.host}:${n.port}`);
    const conn = new RedisConnection({ clusterNodes: nodes });
    await conn.start();
    const before = conn.commandsSent;
    await conn.client.set(`${prefix}{c}a`, '1');
    await conn.client.pipeline().get(`${prefix}{c}a`).del(`${prefix}{c}a`).exec();
    expect(conn.commandsSent - before).toBe(3);
    await conn.close();
  });
});
