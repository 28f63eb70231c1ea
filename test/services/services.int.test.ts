// Integration test for the real services provided by `bash scripts/services.sh up`
// (Kafka in KRaft mode on 127.0.0.1:$FAULTLINE_KAFKA_PORT, Redis on 127.0.0.1:$FAULTLINE_REDIS_PORT).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Admin, type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';

const KAFKA_BROKER = `127.0.0.1:${process.env.FAULTLINE_KAFKA_PORT ?? '9092'}`;
const REDIS_PORT = Number(process.env.FAULTLINE_REDIS_PORT ?? '6379');
const TEST_TIMEOUT_MS = 60_000;
const CONSUME_TIMEOUT_MS = 45_000;
const HINT = 'is it running? start it with `bash scripts/services.sh up`';

interface Received {
  key: string;
  value: string;
  partition: number;
  header: string;
}

async function withHint<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${what} failed (${message}); ${HINT}`, { cause: err });
  }
}

describe('kafka from scripts/services.sh', () => {
  it('round-trips keyed messages through a new 3-partition topic and a new consumer group', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const topic = `faultline-services-test-${randomUUID()}`;
    const groupId = `faultline-services-test-${randomUUID()}`;
    const kafka = new Kafka({
      clientId: `faultline-services-test-${randomUUID()}`,
      brokers: [KAFKA_BROKER],
      logLevel: logLevel.ERROR,
      connectionTimeout: 5_000,
      retry: { retries: 5 },
    });
    const admin: Admin = kafka.admin();
    const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    const consumer: Consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    let topicCreated = false;

    const sent = Array.from({ length: 12 }, (_, i) => ({
      key: `key-${i % 4}`,
      value: JSON.stringify({ seq: i, id: randomUUID(), note: `message ${i} ✓` }),
      header: `h-${i}`,
    }));

    try {
      await withHint(`connecting to Kafka at ${KAFKA_BROKER}`, () => admin.connect());
      const created = await admin.createTopics({
        topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
        waitForLeaders: true,
      });
      expect(created).toBe(true);
      topicCreated = true;
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);

      await producer.connect();
      const records = await producer.send({
        topic,
        acks: -1,
        messages: sent.map((m) => ({ key: m.key, value: m.value, headers: { 'x-test': m.header } })),
      });
      expect(records.every((r) => r.errorCode === 0)).toBe(true);

      const received: Received[] = [];
      let done!: () => void;
      const allReceived = new Promise<void>((resolve) => {
        done = resolve;
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push({
            key: message.key?.toString('utf8') ?? '<null>',
            value: message.value?.toString('utf8') ?? '<null>',
            partition,
            header: message.headers?.['x-test']?.toString() ?? '<none>',
          });
          if (received.length >= sent.length) done();
        },
      });

      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `consumed ${received.length}/${sent.length} messages within ${CONSUME_TIMEOUT_MS} ms from ${topic}`,
              ),
            ),
          CONSUME_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([allReceived, timedOut]);
      } finally {
        clearTimeout(timer);
      }

      // every message exactly once, with key, value and header intact
      const byValue = (a: { value: string }, b: { value: string }) => a.value.localeCompare(b.value);
      expect(received.map(({ key, value, header }) => ({ key, value, header })).sort(byValue)).toEqual(
        [...sent].sort(byValue),
      );
      // keyed partitioning: one key -> one partition
      for (const key of new Set(sent.map((m) => m.key))) {
        expect(new Set(received.filter((r) => r.key === key).map((r) => r.partition)).size).toBe(1);
      }
      // per-partition order is the produce order
      for (const partition of new Set(received.map((r) => r.partition))) {
        const seqs = received
          .filter((r) => r.partition === partition)
          .map((r) => (JSON.parse(r.value) as { seq: number }).seq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }
    } finally {
      await consumer.disconnect().catch(() => {});
      await producer.disconnect().catch(() => {});
      if (topicCreated) {
        await admin.deleteTopics({ topics: [topic], timeout: 10_000 }).catch(() => {});
      }
      await admin.disconnect().catch(() => {});
    }
  });
});

describe('redis from scripts/services.sh', () => {
  it('sets, gets and deletes keys under a unique test prefix', { timeout: TEST_TIMEOUT_MS }, async () => {
    const prefix = `test:${randomUUID()}:`;
    const redis = new Redis({
      host: '127.0.0.1',
      port: REDIS_PORT,
      lazyConnect: true,
      connectTimeout: 5_000,
      maxRetriesPerRequest: 2,
      retryStrategy: (times) => (times > 5 ? null : 200),
    });
    // ioredis emits 'error' events while (re)connecting; the failing command reports the problem
    redis.on('error', () => {});
    const keys = ['alpha', 'beta', 'gamma'].map((name) => `${prefix}${name}`);
    try {
      await withHint(`connecting to Redis at 127.0.0.1:${REDIS_PORT}`, () => redis.connect());
      expect(await redis.ping()).toBe('PONG');

      for (const [i, key] of keys.entries()) {
        expect(await redis.set(key, `value-${i} ✓`, 'EX', 300)).toBe('OK');
      }
      for (const [i, key] of keys.entries()) {
        expect(await redis.get(key)).toBe(`value-${i} ✓`);
      }
      expect(await redis.mget(...keys)).toEqual(keys.map((_, i) => `value-${i} ✓`));

      const binaryKey = `${prefix}binary`;
      const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
      await redis.set(binaryKey, bytes);
      expect(await redis.getBuffer(binaryKey)).toEqual(bytes);
      keys.push(binaryKey);

      expect(await redis.del(...keys)).toBe(keys.length);
      expect(await redis.mget(...keys)).toEqual(keys.map(() => null));
      expect(await redis.exists(...keys)).toBe(0);
    } finally {
      if (redis.status === 'ready') {
        await redis.del(...keys).catch(() => 0);
        await redis.quit().catch(() => 'OK');
      }
      redis.disconnect();
    }
  });
});
