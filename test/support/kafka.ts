import { type Admin, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { KAFKA_BROKERS } from './services.js';

/** A kafkajs client for tests, quiet unless something fails. */
export function testKafka(): Kafka {
  return new Kafka({ clientId: 'faultline-test', brokers: KAFKA_BROKERS, logLevel: logLevel.NOTHING });
}

/** Creates topics with `partitions` partitions and waits for their leaders. */
export async function createTopics(admin: Admin, topics: string[], partitions: number): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
  });
}

/** Reads every message of `topic` from the beginning until `count` have arrived (or the timeout). */
export async function readAll(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}` });
  const seen: KafkaMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${seen.length}/${count} messages on ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(message);
          if (seen.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

/** Sum over partitions of the group's committed offsets on `topic` (-1 counts as 0). */
export async function committedTotal(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((a, p) => a + Math.max(0, Number(p.offset)), 0);
}
