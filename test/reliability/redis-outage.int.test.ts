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
import { freePortRun, sleep, waitFor } from './support/ports.js';
import { TestRedisCluster } from './support/redis-cluster.js';

// Redis stopped for 30 s under load: the engine's own redis-server, then its own three-master
// Redis Cluster (append-only files, so a stop and start keeps the data), is stopped while a
// producer keeps writing. faultline must stop committing offsets, pause consumption with a
// bounded buffer, answer 503 on /readyz, then resume when Redis is back, and count every span
// exactly once.
const OUTAGE_MS = 30_000;
const BUFFER_BYTES = 4 * 1024 * 1024;
const SLO = 'checkout/availability';
/** Each case's own topic and consumer group. */
const CASES = [
  {
    name: 'a single Redis',
    make: () => ownRedis(),
    topic: uniqueName('outage-spans'),
    groupId: uniqueName('outage-group'),
  },
  {
    name: 'a three-master Redis Cluster',
    make: () => ownCluster(),
    topic: uniqueName('outage-spans'),
    groupId: uniqueName('outage-group'),
  },
];
type Case = (typeof CASES)[number];
const engines = new Engines();
let admin: Admin;
let producer: Producer;

/** A Redis the test can stop and start again with its data, and the config that names it. */
interface Target {
  redisYaml: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

async function ownRedis(): Promise<Target> {
  const redis = await OwnRedis.start({ persistent: true });
  return {
    redisYaml: `redis: { url: "${redis.url}", keyPrefix: "outage:" }`,
    stop: () => redis.stop(),
    start: () => redis.start(),
    destroy: () => redis.destroy(),
  };
}

async function ownCluster(): Promise<Target> {
  const base = await freePortRun(3);
  const cluster = new TestRedisCluster({ ports: [base, base + 1, base + 2], persist: true });
  await cluster.up();
  return {
    redisYaml: `redis: { clusterNodes: [${cluster.nodes.join(', ')}], keyPrefix: "outage:" }`,
    stop: () => cluster.stop(),
    start: () => cluster.up(),
    destroy: () => cluster.down(),
  };
}

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  for (const c of CASES) await createTopics(admin, [c.topic, `${c.topic}-metrics`], 4);
});

afterAll(async () => {
  engines.killAll();
  const topics = CASES.flatMap((c) => [c.topic, `${c.topic}-metrics`]);
  await admin.deleteTopics({ topics }).catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

function configFor(c: Case, target: Target): string {
  return writeConfig(
    `http: { port: 0 }
otlp: { enabled: false }
kafka:
  brokers: [${KAFKA_BROKERS.join(', ')}]
  groupId: ${c.groupId}
  initialOffset: earliest
  commitIntervalMs: 1000
  maxBufferedBytes: ${BUFFER_BYTES}
  sinkRetry: { initialMs: 200, maxMs: 1000 }
  topics: { spans: { name: ${c.topic} }, metrics: { name: ${c.topic}-metrics } }
${target.redisYaml}
slos: { files: [slos.yaml] }
alerting: { enabled: false }
log: { level: warn }
`,
    availabilitySlos('checkout'),
  );
}

interface Sample {
  at: number;
  ready: number;
  paused: number;
  buffered: number;
  committed: number;
  rss: number;
}

async function sample(c: Case, engine: RunningEngine, started: number): Promise<Sample> {
  const [ready, text, committed] = await Promise.all([
    readiness(engine.api),
    scrape(engine.api),
    committedTotal(admin, c.groupId, c.topic),
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

describe.each(CASES)('$name stopped for 30 s under load', (c) => {
  it('pauses, reports not ready, commits nothing, keeps memory bounded, then resumes and counts exactly', async () => {
    const redis = await c.make();
    try {
      await outage(c, redis);
    } finally {
      await redis.destroy();
    }
  }, 300_000);
});

async function outage(c: Case, redis: Target): Promise<void> {
  const engine = await engines.start(configFor(c, redis));
  const load = new SloLoad(producer, c.topic, 'checkout');
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
    samples.push(await sample(c, engine, down));
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
    async () => (await committedTotal(admin, c.groupId, c.topic)) === load.messages,
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
    `redis outage, ${c.name}: ${load.messages} messages, ${load.expected.total} spans; RSS before ${(rssBefore / 2 ** 20).toFixed(0)} MiB, max during ${(rssDuring / 2 ** 20).toFixed(0)} MiB; committed during outage ${settled[0]!.committed}/${producedDuringOutage}`,
  );

  engine.child.kill('SIGTERM');
  expect(await engine.exited).toBe(0);
}
