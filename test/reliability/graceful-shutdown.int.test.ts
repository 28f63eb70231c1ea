import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SloKeys } from '../../pipeline/window/redis-window-layout.js';
import { createTopics, testKafka } from '../support/kafka.js';
import { testRedis } from '../support/redis.js';
import { KAFKA_BROKERS, REDIS_URL, uniqueName } from '../support/services.js';
import {
  availabilitySlos,
  Engines,
  metricSum,
  scrape,
  sloCounts,
  stopEngine,
  writeConfig,
} from './support/engine.js';
import { SloLoad } from './support/load.js';
import { sleep, waitFor } from './support/ports.js';
import { sloMessage } from './support/telemetry.js';

// SIGTERM under load, from Kafka and OTLP/HTTP at once: the engine finishes the batches and
// requests in hand, writes them, commits exactly what it applied, and exits 0 well within
// shutdown.timeoutMs. A restart then has nothing to read twice.
const SHUTDOWN_TIMEOUT_MS = 10_000;
const topic = uniqueName('term-spans');
const groupId = uniqueName('term-group');
const redis = testRedis();
const engines = new Engines();
let admin: Admin;
let producer: Producer;
let configFile: string;

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopics(admin, [topic, `${topic}-metrics`], 4);
  configFile = writeConfig(
    `http: { port: 0 }
otlp: { port: 0 }
kafka:
  brokers: [${KAFKA_BROKERS.join(', ')}]
  groupId: ${groupId}
  initialOffset: earliest
  commitIntervalMs: 5000
  topics: { spans: { name: ${topic} }, metrics: { name: ${topic}-metrics } }
redis: { url: "${REDIS_URL}", keyPrefix: "${redis.prefix}" }
slos: { files: [slos.yaml] }
shutdown: { timeoutMs: ${SHUTDOWN_TIMEOUT_MS} }
log: { level: warn }
`,
    availabilitySlos('checkout', 'web'),
  );
});

afterAll(async () => {
  engines.killAll();
  await admin.deleteTopics({ topics: [topic, `${topic}-metrics`] }).catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await redis.cleanup();
});

/** Posts OTLP exports (50 spans of `web` each), four at a time, until stopped; counts the accepted spans. */
async function postOtlp(
  url: string,
  stop: { stopped: boolean },
): Promise<{ accepted: number; refused: number }> {
  const result = { accepted: 0, refused: 0 };
  const worker = async () => {
    while (!stop.stopped) {
      try {
        const res = await fetch(`${url}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: sloMessage('web', 50, 0, Date.now() - 30_000),
        });
        await res.arrayBuffer();
        if (res.status === 200) result.accepted += 50;
        else result.refused++;
      } catch {
        result.refused++;
        await sleep(50);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return result;
}

describe('SIGTERM under load', () => {
  it('drains, writes, commits what it applied and exits 0 in bounded time', async () => {
    const first = await engines.start(configFile);
    const load = new SloLoad(producer, topic, 'checkout');
    const stopKafka = { stopped: false };
    const stopHttp = { stopped: false };
    const producing = load.paced(5 * 60_000, 30, 500, stopKafka);
    const posting = postOtlp(first.otlp!, stopHttp);
    await waitFor(
      'counting',
      async () => (await sloCounts(first.api, 'checkout/availability')).total > 30_000,
    );
    await waitFor(
      'http counting',
      async () => (await sloCounts(first.api, 'web/availability')).total > 5_000,
    );

    const termAt = Date.now();
    const code = await stopEngine(first);
    const exitMs = Date.now() - termAt;
    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    stopHttp.stopped = true;
    const http = await posting;

    // Committed offsets are exactly the offsets applied to the windows, partition by partition.
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const applied = await redis.redis.hgetall(new SloKeys(redis.prefix, 'checkout/availability').offsets);
    for (const p of committed?.partitions ?? []) {
      expect(p.offset, `partition ${p.partition}`).toBe(applied[`${topic}:${p.partition}`] ?? '-1');
    }

    // A restart reads on from there: nothing is delivered twice, nothing is missing.
    await sleep(1000);
    stopKafka.stopped = true;
    await producing;
    const second = await engines.start(configFile);
    await waitFor(
      'caught up',
      async () => (await sloCounts(second.api, 'checkout/availability')).total >= load.expected.total,
      120_000,
      500,
    );
    await sleep(2000);
    expect(await sloCounts(second.api, 'checkout/availability')).toEqual(load.expected);
    expect(await sloCounts(second.api, 'web/availability')).toEqual({
      good: http.accepted,
      total: http.accepted,
    });
    expect(metricSum(await scrape(second.api), 'faultline_pipeline_duplicate_deltas_total')).toBe(0);
    console.log(
      `graceful shutdown: exit 0 after ${exitMs} ms; ${load.expected.total} Kafka spans, ${http.accepted} OTLP spans accepted, ${http.refused} requests refused while closing`,
    );
    expect(await stopEngine(second)).toBe(0);
  }, 300_000);
});
