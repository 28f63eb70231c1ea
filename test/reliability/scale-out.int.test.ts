import { randomUUID } from 'node:crypto';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { testKafka } from '../support/kafka.js';
import { testRedis } from '../support/redis.js';
import { REDIS_URL } from '../support/services.js';
import { Engines } from './support/engine.js';
import { TestRedisCluster } from './support/redis-cluster.js';
import { scaleOutScenario } from './support/scale-out.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

// Scale-out: two, then three engine instances in one consumer group over an 8-partition
// topic, then one leaves; with one Redis and with a three-master Redis Cluster. Totals are
// exact, there is one graph and one evaluation leader, and each transition is notified once.
const engines = new Engines();
const redis = testRedis();
const cluster = new TestRedisCluster();
const clusterPrefix = `test:${randomUUID()}:`;
let admin: Admin;
let producer: Producer;

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect(), cluster.up()]);
}, 180_000);

afterAll(async () => {
  engines.killAll();
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await redis.cleanup();
  await cluster.deletePrefix(clusterPrefix).catch(() => {});
  await cluster.down();
}, 120_000);

describe('several instances in one consumer group', () => {
  it('with a single Redis', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const summary = await scaleOutScenario({
        admin,
        producer,
        engines,
        receiver,
        redisYaml: `redis: { url: "${REDIS_URL}", keyPrefix: "${redis.prefix}" }`,
      });
      console.log(`scale-out, single Redis: ${summary}`);
    } finally {
      await receiver.close();
    }
  }, 420_000);

  it('with a three-master Redis Cluster', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const summary = await scaleOutScenario({
        admin,
        producer,
        engines,
        receiver,
        redisYaml: `redis: { clusterNodes: [${cluster.nodes.join(', ')}], keyPrefix: "${clusterPrefix}" }`,
      });
      console.log(`scale-out, Redis Cluster: ${summary}`);
    } finally {
      await receiver.close();
    }
  }, 420_000);
});
