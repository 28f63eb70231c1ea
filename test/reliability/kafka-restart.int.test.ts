import { type Admin, Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceDecodeSpans } from '../support/decode/reference.js';
import { committedTotal, readAll } from '../support/kafka.js';
import { testRedis } from '../support/redis.js';
import { REDIS_URL, uniqueName } from '../support/services.js';
import { availabilitySlos, Engines, readiness, sloCounts, writeConfig } from './support/engine.js';
import { ExtraBroker } from './support/extra-broker.js';
import { sleep, waitFor } from './support/ports.js';
import { type Counts, sloMessage } from './support/telemetry.js';

// A Kafka broker restart under load: the test's own broker (never the shared one) is
// stopped for a few seconds and started again on its data while a producer keeps sending.
// Consumption resumes, and the SLO counts equal what the topic holds: nothing lost, nothing
// counted twice. (A send that failed during the restart may or may not have been written,
// so the expected counts are read back from the topic itself.)
const SLO = 'checkout/availability';
const topic = uniqueName('restart-spans');
const groupId = uniqueName('restart-group');
const redis = testRedis();
const engines = new Engines();
let broker: ExtraBroker;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let configFile: string;

beforeAll(async () => {
  broker = await ExtraBroker.start();
  kafka = new Kafka({
    clientId: 'restart-test',
    brokers: broker.brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 2, initialRetryTime: 200 },
  });
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: 4 },
      { topic: `${topic}-metrics`, numPartitions: 1 },
    ],
  });
  configFile = writeConfig(
    `http: { port: 0 }
otlp: { enabled: false }
kafka:
  brokers: [${broker.brokers.join(', ')}]
  groupId: ${groupId}
  initialOffset: earliest
  sessionTimeoutMs: 10000
  commitIntervalMs: 1000
  topics: { spans: { name: ${topic} }, metrics: { name: ${topic}-metrics } }
redis: { url: "${REDIS_URL}", keyPrefix: "${redis.prefix}" }
slos: { files: [slos.yaml] }
alerting: { enabled: false }
log: { level: warn }
`,
    availabilitySlos('checkout'),
  );
}, 240_000);

afterAll(async () => {
  engines.killAll();
  await Promise.all([admin.disconnect(), producer.disconnect()]).catch(() => {});
  await broker.destroy();
  await redis.cleanup();
}, 120_000);

/** Sends about 5 000 spans a second until stopped, riding out failed sends. */
async function produce(stop: { stopped: boolean }): Promise<{ acked: number; failed: number }> {
  const result = { acked: 0, failed: 0 };
  while (!stop.stopped) {
    const messages = Array.from({ length: 5 }, (_, i) => ({
      key: `k${result.acked + result.failed + i}`,
      value: Buffer.from(sloMessage('checkout', 100, 1, Date.now() - 30_000)),
    }));
    try {
      await producer.send({ topic, acks: -1, messages });
      result.acked += messages.length;
    } catch {
      result.failed += messages.length;
    }
    await sleep(100);
  }
  return result;
}

/** What the topic holds, decoded independently of the engine (the reference decoder). */
async function topicCounts(): Promise<{ messages: number; counts: Counts }> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const messages = offsets.reduce((a, p) => a + Number(p.high) - Number(p.low), 0);
  const counts = { good: 0, total: 0 };
  for (const m of await readAll(kafka, topic, messages, 60_000)) {
    for (const s of referenceDecodeSpans(m.value!)) {
      counts.total++;
      if (s.status !== 'error') counts.good++;
    }
  }
  return { messages, counts };
}

describe('Kafka broker restart under load', () => {
  it('resumes consumption after the broker is back and counts every message once', async () => {
    const engine = await engines.start(configFile);
    const stop = { stopped: false };
    const producing = produce(stop);
    await waitFor('counting', async () => (await sloCounts(engine.api, SLO)).total > 10_000, 60_000);

    await broker.stop();
    const downAt = Date.now();
    await sleep(8000);
    const duringOutage = await sloCounts(engine.api, SLO);
    await broker.start();
    const restartedInMs = Date.now() - downAt;
    await waitFor(
      'counting again',
      async () => (await sloCounts(engine.api, SLO)).total > duringOutage.total,
      90_000,
    );
    await sleep(5000);
    stop.stopped = true;
    const sent = await producing;

    const inTopic = await topicCounts();
    await waitFor(
      'caught up',
      async () => (await sloCounts(engine.api, SLO)).total >= inTopic.counts.total,
      120_000,
      500,
    );
    await sleep(3000);
    expect(await sloCounts(engine.api, SLO)).toEqual(inTopic.counts);
    expect(inTopic.messages).toBeGreaterThanOrEqual(sent.acked);
    await waitFor('ready', async () => (await readiness(engine.api)).status === 200, 30_000);
    await waitFor(
      'committed',
      async () => (await committedTotal(admin, groupId, topic)) === inTopic.messages,
      30_000,
    );
    console.log(
      `kafka restart: broker down ${restartedInMs} ms; ${sent.acked} messages acked, ${sent.failed} sends failed, ${inTopic.messages} in the topic, ${inTopic.counts.total} spans counted`,
    );

    engine.child.kill('SIGTERM');
    expect(await engine.exited).toBe(0);
  }, 300_000);
});
