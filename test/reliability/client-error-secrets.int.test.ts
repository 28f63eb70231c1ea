import { Writable } from 'node:stream';
import { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../config/schema.js';
import { RedisConnection } from '../../core/redis/redis-connection.js';
import { kafkaClientConfig } from '../../ingest/kafka/client-config.js';
import { createLogger, type Logger } from '../../observability/logger.js';
import { ExtraBroker } from './support/extra-broker.js';
import { OwnRedis } from './support/own-redis.js';
import { freePortRun } from './support/ports.js';
import { TestRedisCluster } from './support/redis-cluster.js';

// Regression: a Redis client error keeps the failed command with its arguments, so a refused
// AUTH logged as `{ err }` printed the wrong password (and the ACL user name) on every failing
// write. Each client below is refused for real; its errors are logged in every shape the
// engine uses and the output is searched for what was sent.
const WRONG = {
  single: 'wrong-single-Pa55-0c1d',
  aclUser: 'acl-user-name-7e2f',
  aclPassword: 'wrong-acl-Pa55-9a8b',
  cluster: 'wrong-cluster-Pa55-3d4e',
  kafka: 'wrong-kafka-Pa55-5f6a',
};
const RIGHT = 'right-Pa55word-1b2c';

let redis: OwnRedis;
let broker: ExtraBroker;
let cluster: TestRedisCluster;

beforeAll(async () => {
  [redis, broker] = await Promise.all([
    OwnRedis.start({ password: RIGHT, user: { name: 'faultline', password: RIGHT } }),
    ExtraBroker.start({ saslUsers: [`faultline:${RIGHT}`] }),
  ]);
  const base = await freePortRun(3);
  cluster = new TestRedisCluster({ ports: [base, base + 1, base + 2], password: RIGHT });
  await cluster.up();
}, 240_000);

afterAll(async () => {
  await Promise.all([redis?.destroy(), broker?.destroy(), cluster?.down()]);
}, 120_000);

function captureLogger(): { logger: Logger; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { logger: createLogger('trace', sink), text: () => text };
}

/** Logs `err` the ways the engine does: as `err`, `error`, nested, in a list. */
function logEveryShape(logger: Logger, err: unknown): void {
  logger.warn({ err }, 'pipeline cannot store batches');
  logger.error({ error: err, component: 'redis' }, 'component failed to start');
  logger.warn({ detail: { cause: err } }, 'nested');
  logger.warn({ errors: [err] }, 'listed');
}

/** The errors a Redis client refused at AUTH gives: its 'error' events and a failing command. */
async function refusedRedisErrors(conn: RedisConnection): Promise<unknown[]> {
  const errors: unknown[] = [];
  conn.client.on('error', (e) => errors.push(e));
  await conn.start();
  errors.push(await conn.client.set('k', 'v').catch((e: unknown) => e));
  await conn.close();
  return errors;
}

function redisConfig(url: string, clusterNodes: string[] = []) {
  return configSchema.parse({ redis: { url, clusterNodes } }).redis;
}

describe('client errors never carry a secret into a log line', () => {
  it('redacts a refused password on a single Redis, for the default user and an ACL user', async () => {
    for (const url of [
      `redis://:${WRONG.single}@127.0.0.1:${redis.port}`,
      `redis://${WRONG.aclUser}:${WRONG.aclPassword}@127.0.0.1:${redis.port}`,
    ]) {
      const errors = await refusedRedisErrors(new RedisConnection(redisConfig(url)));
      // the refusal really carries the arguments: without the logger's scrub this test fails
      expect(JSON.stringify(errors)).toMatch(/wrong-/);
      const { logger, text } = captureLogger();
      for (const err of errors) logEveryShape(logger, err);
      logger.flush();
      expect(text()).toContain('WRONGPASS');
      expect(text()).toContain('"command":"auth"');
      for (const secret of Object.values(WRONG)) expect(text()).not.toContain(secret);
    }
  }, 60_000);

  it('redacts a refused password on a Redis Cluster', async () => {
    const conn = new RedisConnection(redisConfig(`redis://:${WRONG.cluster}@127.0.0.1`, cluster.nodes));
    const errors = await refusedRedisErrors(conn);
    expect(JSON.stringify(errors, (_k, v) => (v instanceof Error ? { ...v, m: v.message } : v))).toContain(
      WRONG.cluster,
    );
    const { logger, text } = captureLogger();
    for (const err of errors) logEveryShape(logger, err);
    logger.flush();
    expect(text().length).toBeGreaterThan(0);
    expect(text()).not.toContain(WRONG.cluster);
  }, 60_000);

  it('redacts a refused Kafka SASL password, from kafkajs own log lines and its error', async () => {
    const config = configSchema.parse({
      kafka: {
        brokers: [`127.0.0.1:${broker.saslPort}`],
        sasl: { mechanism: 'plain', username: 'faultline', password: WRONG.kafka },
      },
    }).kafka;
    const { logger, text } = captureLogger();
    const client = new Kafka({ ...kafkaClientConfig(config, logger), retry: { retries: 1 } });
    const admin = client.admin();
    const err = await admin.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    await admin.disconnect();
    expect(err).toBeInstanceOf(Error);
    logEveryShape(logger, err);
    logger.flush();
    expect(text()).toContain('SASL');
    expect(text()).not.toContain(WRONG.kafka);
  }, 60_000);
});
