import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedTotal, createTopics, testKafka } from '../support/kafka.js';
import { KAFKA_BROKERS, uniqueName } from '../support/services.js';
import {
  availabilitySlos,
  Engines,
  metricSum,
  type RunningEngine,
  readiness,
  rssBytes,
  scrape,
  sloCounts,
  writeConfig,
} from './support/engine.js';
import { SloLoad } from './support/load.js';
import { OwnRedis } from './support/own-redis.js';
import { sleep, waitFor } from './support/ports.js';

// Redis stopped for 30 s under load: the engine's own redis-server (append-only file, so a
// stop and start keeps the data) is stopped while a producer keeps writing. faultline must
// stop committing offsets, pause consumption with a bounded buffer, answer 503 on /readyz,
// then resume when Redis is back, and count every span exactly once.
const OUTAGE_MS = 30_000;
const BUFFER_BYTES = 4 * 1024 * 1024;
const SLO = 'checkout/availability';
const topic = uniqueName('outage-spans');
const groupId = uniqueName('outage-group');
const engines = new Engines();
let admin: Admin;
let producer: Producer;
let redis: OwnRedis;
let configFile: string;

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopics(admin, [topic, `${topic}-metrics`], 4);
  redis = await OwnRedis.start({ persistent: true });
  configFile = writeConfig(
    `http: { port: 0 }
otlp: { enabled: false }
kafka:
  brokers: [${KAFKA_BROKERS.join(', ')}]
  groupId: ${groupId}
  initialOffset: earliest
  commitIntervalMs: 1000
  maxBufferedBytes: ${BUFFER_BYTES}
  sinkRetry: { initialMs: 200, maxMs: 1000 }
  topics: { spans: { name: ${topic} }, metrics: { name: ${topic}-metrics } }
redis: { url: "${redis.url}", keyPrefix: "outage:" }
slos: { files: [slos.yaml] }
alerting: { enabled: false }
log: { level: warn }
`,
    availabilitySlos('checkout'),
  );
});

afterAll(async () => {
  engines.killAll();
  await admin.deleteTopics({ topics: [topic, `${topic}-metrics`] }).catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await redis.destroy();
});

interface Sample {
  at: number;
  ready: number;
  paused: number;
  buffered: number;
  committed: number;
  rss: number;
}

async function sample(engine: RunningEngine, started: number): Promise<Sample> {
  const [ready, text, committed] = await Promise.all([
    readiness(engine.api),
    scrape(engine.api),
    committedTotal(admin, groupId, topic),
  ]);
  return {
    at: Date.now() - started,
    ready: ready.status,
    paused: metricSum(text, 'faultline_kafka_consumer_paused'),
    buffered: metricSum(text, 'faultline_kafka_buffered_bytes'),
    committed,
    rss: rssBytes(engine.pid),
  };
}

describe('Redis stopped for 30 s under load', () => {
  it('pauses, reports not ready, commits nothing, keeps memory bounded, then resumes and counts exactly', async () => {
    const engine = await engines.start(configFile);
    const load = new SloLoad(producer, topic, 'checkout');
    const stop = { stopped: false };
    // About 10 000 spans a second, for as long as the test runs.
    const producing = load.paced(10 * 60_000, 20, 500, stop);

    await waitFor('counting', async () => (await sloCounts(engine.api, SLO)).total > 50_000, 60_000);
    expect((await readiness(engine.api)).status).toBe(200);
    const before: number[] = [];
    for (let i = 0; i < 5; i++) {
      before.push(rssBytes(engine.pid));
      await sleep(400);
    }

    await redis.stop();
    const down = Date.now();
    const samples: Sample[] = [];
    while (Date.now() - down < OUTAGE_MS) {
      samples.push(await sample(engine, down));
      await sleep(500);
    }
    const producedDuringOutage = load.messages;
    await redis.start();
    await waitFor('ready again', async () => (await readiness(engine.api)).status === 200, 60_000);
    await sleep(2000);
    stop.stopped = true;
    await producing;

    await waitFor(
      'caught up',
      async () => (await sloCounts(engine.api, SLO)).total >= load.expected.total,
      120_000,
      500,
    );
    await sleep(3000);
    expect(await sloCounts(engine.api, SLO)).toEqual(load.expected);
    await waitFor(
      'committed',
      async () => (await committedTotal(admin, groupId, topic)) === load.messages,
      30_000,
    );

    // Within 5 s of the stop: not ready, paused, and from then on no offset committed.
    const settled = samples.filter((s) => s.at >= 5000);
    expect(settled.length).toBeGreaterThanOrEqual(10);
    for (const s of settled) {
      expect(s.ready, `at ${s.at} ms`).toBe(503);
      expect(s.paused, `at ${s.at} ms`).toBe(1);
      expect(s.committed, `at ${s.at} ms`).toBe(settled[0]!.committed);
      expect(s.buffered, `at ${s.at} ms`).toBeLessThanOrEqual(BUFFER_BYTES + 1024 * 1024);
    }
    expect(producedDuringOutage).toBeGreaterThan(settled[0]!.committed + 300);
    // Memory: the backlog (about 300 000 spans) stays in Kafka, not in the process.
    const rssBefore = Math.max(...before);
    const rssDuring = Math.max(...samples.map((s) => s.rss));
    expect(rssDuring).toBeLessThan(rssBefore + 96 * 1024 * 1024);
    const text = await scrape(engine.api);
    expect(metricSum(text, 'faultline_kafka_consumer_paused')).toBe(0);
    expect(metricSum(text, 'faultline_ingest_sink_failures_total')).toBeGreaterThan(0);
    console.log(
      `redis outage: ${load.messages} messages, ${load.expected.total} spans; RSS before ${(rssBefore / 2 ** 20).toFixed(0)} MiB, max during ${(rssDuring / 2 ** 20).toFixed(0)} MiB; committed during outage ${settled[0]!.committed}/${producedDuringOutage}`,
    );

    engine.child.kill('SIGTERM');
    expect(await engine.exited).toBe(0);
  }, 300_000);
});
