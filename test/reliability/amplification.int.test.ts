import { type Admin, CompressionTypes, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyGaugePoints, emptyJsonSpans, emptySpans } from '../support/amplification.js';
import { committedTotal, createTopics, readAll, testKafka } from '../support/kafka.js';
import { KAFKA_BROKERS, uniqueName } from '../support/services.js';
import { availabilitySlos, Engines, type RunningEngine, stopEngine, writeConfig } from './support/engine.js';
import { healthProbe } from './support/health-probe.js';
import { waitFor } from './support/ports.js';

// Regression: one cheap request (16 KiB of gzip decoding into millions of empty records) ran a
// 512 MB engine out of memory, over OTLP/HTTP and, on every restart, from Kafka. The engine
// runs here as its own process with a 512 MB heap and takes every such payload, several at
// once, while a probe keeps asking /healthz.
const spansTopic = uniqueName('amp-spans');
const groupId = uniqueName('amp-group');
const metricsTopic = uniqueName('amp-metrics');
const engines = new Engines();
let admin: Admin;
let producer: Producer;
let engine: RunningEngine;

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopics(admin, [spansTopic, `${spansTopic}.dlq`, metricsTopic], 1);
  const config = writeConfig(
    `http: { port: 0 }
otlp: { port: 0 }
kafka:
  brokers: [${KAFKA_BROKERS.join(', ')}]
  groupId: ${groupId}
  initialOffset: earliest
  topics: { spans: { name: ${spansTopic} }, metrics: { name: ${metricsTopic} } }
slos: { files: [slos.yaml] }
`,
    availabilitySlos('checkout'),
  );
  engine = await engines.start(config, { NODE_OPTIONS: '--max-old-space-size=512' });
}, 120_000);

afterAll(async () => {
  engines.killAll();
  await admin.deleteTopics({ topics: [spansTopic, `${spansTopic}.dlq`, metricsTopic] }).catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

describe('amplification payloads against a 512 MB engine', () => {
  it('a 512 MB engine ran out of memory on one 16 KiB export; now it refuses them all and stays up', async () => {
    const payloads = [
      { path: '/v1/traces', type: 'application/x-protobuf', body: emptySpans().gzip },
      { path: '/v1/metrics', type: 'application/x-protobuf', body: emptyGaugePoints().gzip },
      { path: '/v1/traces', type: 'application/json', body: emptyJsonSpans().gzip },
    ];
    const probe = healthProbe(engine.api);
    // each payload three times, all at once
    const statuses = await Promise.all(
      [...payloads, ...payloads, ...payloads].map((p) =>
        fetch(`${engine.otlp}${p.path}`, {
          method: 'POST',
          headers: { 'content-type': p.type, 'content-encoding': 'gzip' },
          body: p.body,
        }).then((r) => r.status),
      ),
    );
    // and the span payload through Kafka: dead-lettered, its offset committed
    const raw = emptySpans().raw;
    await producer.send({
      topic: spansTopic,
      compression: CompressionTypes.GZIP,
      messages: [{ value: raw }, { value: raw }],
    });
    await waitFor(
      'the Kafka messages committed',
      async () => (await committedTotal(admin, groupId, spansTopic)) === 2,
      120_000,
    );
    const health = await probe.stop();
    console.log(
      `amplification: ${statuses.length} exports answered ${[...new Set(statuses)].join(',')}; /healthz ${health.probes} probes, ${health.failed} without 200 within 1 s, slowest ${health.slowestMs} ms`,
    );
    expect(statuses).toEqual(statuses.map(() => 400));
    const dead = await readAll(testKafka(), `${spansTopic}.dlq`, 2, 60_000);
    expect(dead).toHaveLength(2);
    expect(engine.child.exitCode).toBeNull();
    // /healthz kept answering while the payloads were refused (how fast is reported above:
    // on a loaded machine some probes take longer than a second; see docs/ingest.md)
    expect(health.probes - health.failed).toBeGreaterThan(0);
    expect((await fetch(`${engine.api}/healthz`)).status).toBe(200);
    expect(await stopEngine(engine)).toBe(0);
  }, 300_000);
});
