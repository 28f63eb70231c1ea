import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { createEngine, type RunningParts } from '../../../engine/create-engine.js';
import { silentLogger } from '../../../observability/logger.js';
import { CollectingSink } from '../../support/collecting-sink.js';
import { createTopics, testKafka } from '../../support/kafka.js';
import { KAFKA_BROKERS, uniqueName } from '../../support/services.js';

// The whole engine, configured for Kafka: a bad message is counted on /metrics, readiness
// names Kafka, and the engine keeps consuming.
const spans = uniqueName('engine-spans');
const metricsTopic = uniqueName('engine-metrics');
let admin: Admin;
let producer: Producer;
let running: RunningParts;
const sink = new CollectingSink();

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopics(admin, [spans, metricsTopic], 2);
  const config = loadConfig({
    env: {
      FAULTLINE_KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      FAULTLINE_KAFKA_GROUP_ID: uniqueName('engine-group'),
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_ENABLED: 'false',
    },
  });
  config.kafka.topics = {
    spans: { name: spans, encoding: 'otlp_proto' },
    metrics: { name: metricsTopic, encoding: 'otlp_json' },
  };
  config.kafka.initialOffset = 'earliest';
  running = createEngine(config, { logger: silentLogger(), sink });
  await running.engine.start();
});

afterAll(async () => {
  await running.engine.close();
  await admin
    .deleteTopics({ topics: [spans, metricsTopic, `${spans}.dlq`, `${metricsTopic}.dlq`] })
    .catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

describe('engine on Kafka', () => {
  it('counts dead letters on /metrics and reports Kafka in /readyz', async () => {
    await producer.send({
      topic: metricsTopic,
      messages: [{ value: 'not json at all' }, { value: '{"resourceMetrics":[]}' }],
    });
    const base = `http://127.0.0.1:${running.api.address().port}`;
    await expect
      .poll(
        async () => {
          const text = await (await fetch(`${base}/metrics`)).text();
          return /faultline_ingest_dead_letters_total\{topic="[^"]+",reason="[^"]+"\} 1/.test(text);
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(true);
    const ready = (await (await fetch(`${base}/readyz`)).json()) as {
      checks: Array<{ name: string; ok: boolean }>;
    };
    expect(ready.checks).toContainEqual(expect.objectContaining({ name: 'kafka', ok: true }));
  });
});
