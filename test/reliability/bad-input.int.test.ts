import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import type { OtlpEncoding } from '../../ingest/decode/index.js';
import { silentLogger } from '../../observability/logger.js';
import { committedTotal, createTopics, testKafka } from '../support/kafka.js';
import { KAFKA_BROKERS, uniqueName } from '../support/services.js';
import { availabilitySlos, metricSum, sloCounts } from './support/engine.js';
import { checkProperty, payloads, type Signal, verdict } from './support/fuzz.js';
import { waitFor } from './support/ports.js';
import { sloMessage } from './support/telemetry.js';

// Bad input through both ingest paths of one engine: thousands of fuzzed protobuf and JSON
// payloads (fast-check) over OTLP/HTTP and through Kafka, oversized messages, huge attribute
// values. The engine keeps running; every payload gets the answer (or dead letter) the
// decoder's own verdict says; dead letters and records are counted exactly.
const MAX_BODY = 1024 * 1024;
const MAX_MESSAGE = 256 * 1024;
const spansTopic = uniqueName('bad-spans');
const metricsTopic = uniqueName('bad-metrics');
const groupId = uniqueName('bad-group');
let admin: Admin;
let producer: Producer;
let parts: RunningParts;
let api: string;
let otlp: string;

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopics(admin, [spansTopic, metricsTopic], 2);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bad-input-'));
  writeFileSync(join(dir, 'slos.yaml'), availabilitySlos('checkout'));
  const config = loadConfig({
    env: {
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_PORT: '0',
      FAULTLINE_KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      FAULTLINE_KAFKA_GROUP_ID: groupId,
      FAULTLINE_SLO_FILES: join(dir, 'slos.yaml'),
    },
  });
  config.otlp.maxBodyBytes = MAX_BODY;
  config.kafka.maxMessageBytes = MAX_MESSAGE;
  config.kafka.initialOffset = 'earliest';
  config.kafka.commitIntervalMs = 500;
  config.kafka.topics = {
    spans: { name: spansTopic, encoding: 'otlp_proto' },
    metrics: { name: metricsTopic, encoding: 'otlp_json' },
  };
  parts = createEngine(config, { logger: silentLogger() });
  await parts.engine.start();
  api = `http://127.0.0.1:${parts.api.address().port}`;
  otlp = `http://127.0.0.1:${parts.otlp!.address().port}`;
}, 60_000);

afterAll(async () => {
  await parts.engine.close();
  const topics = [spansTopic, metricsTopic, `${spansTopic}.dlq`, `${metricsTopic}.dlq`];
  await admin.deleteTopics({ topics }).catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

const records = async (source: string) =>
  (await parts.metrics.ingestRecords.get()).values
    .filter((v) => v.labels.source === source)
    .reduce((a, v) => a + v.value, 0);

async function post(
  signal: Signal,
  encoding: OtlpEncoding,
  body: Uint8Array,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${otlp}/v1/${signal}`, {
    method: 'POST',
    headers: {
      'content-type': encoding === 'otlp_json' ? 'application/json' : 'application/x-protobuf',
      ...headers,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function healthy(): Promise<boolean> {
  return (await fetch(`${api}/healthz`)).status === 200;
}

describe('fuzzed payloads over OTLP/HTTP', () => {
  const cases: Array<[Signal, OtlpEncoding]> = [
    ['traces', 'otlp_proto'],
    ['traces', 'otlp_json'],
    ['metrics', 'otlp_proto'],
    ['metrics', 'otlp_json'],
  ];
  it.each(cases)(
    '%s as %s: 600 cases, each answered as the decoder decides, never 5xx',
    async (signal, encoding) => {
      const before = await records('otlp-http');
      let expected = 0;
      await checkProperty(
        payloads(signal, encoding),
        async (bytes) => {
          const v = verdict(bytes, signal, encoding);
          const status = await post(signal, encoding, bytes);
          if (bytes.length > MAX_BODY) {
            expect(status).toBe(413);
            return;
          }
          expect(status).toBe(v.dead || (encoding === 'otlp_json' && bytes.length === 0) ? 400 : 200);
          expected += v.dead ? 0 : v.records;
        },
        600,
        1121,
      );
      expect(await records('otlp-http')).toBe(before + expected);
      expect(await healthy()).toBe(true);
    },
    120_000,
  );
});

describe('fuzzed messages through Kafka', () => {
  it('dead-letters exactly what the decoder refuses, counts the rest, and keeps consuming', async () => {
    const spans = fc.sample(payloads('traces', 'otlp_proto'), { numRuns: 1500, seed: 7 });
    const metrics = fc.sample(payloads('metrics', 'otlp_json'), { numRuns: 1500, seed: 8 });
    let dead = 0;
    let kept = 0;
    for (const [list, signal, encoding] of [
      [spans, 'traces', 'otlp_proto'],
      [metrics, 'metrics', 'otlp_json'],
    ] as const) {
      for (const bytes of list) {
        const v = verdict(bytes, signal, encoding);
        // Kafka refuses empty and oversized values before decoding.
        if (v.dead || bytes.length === 0 || bytes.length > MAX_MESSAGE) dead++;
        else kept += v.records;
      }
    }
    const send = async (topic: string, list: Uint8Array[]) => {
      for (let i = 0; i < list.length; i += 100) {
        await producer.send({
          topic,
          messages: list.slice(i, i + 100).map((b) => ({ value: Buffer.from(b) })),
        });
      }
    };
    const before = await records('kafka');
    await Promise.all([send(spansTopic, spans), send(metricsTopic, metrics)]);
    await waitFor(
      'every message consumed and committed',
      async () =>
        (await committedTotal(admin, groupId, spansTopic)) === spans.length &&
        (await committedTotal(admin, groupId, metricsTopic)) === metrics.length,
      120_000,
      500,
    );
    const text = await parts.metrics.registry.metrics();
    expect(metricSum(text, 'faultline_ingest_dead_letters_total')).toBe(dead);
    expect(await records('kafka')).toBe(before + kept);
    expect(await healthy()).toBe(true);
    console.log(
      `fuzz via Kafka: ${spans.length + metrics.length} messages, ${dead} dead letters, ${kept} records kept`,
    );
  }, 180_000);
});

describe('oversized input and huge values', () => {
  it('refuses bodies over the limit, also once decompressed, with 413', async () => {
    expect(await post('traces', 'otlp_proto', new Uint8Array(MAX_BODY + 1))).toBe(413);
    const bomb = gzipSync(Buffer.alloc(64 * MAX_BODY));
    expect(bomb.length).toBeLessThan(MAX_BODY);
    expect(await post('traces', 'otlp_proto', bomb, { 'content-encoding': 'gzip' })).toBe(413);
    expect(await healthy()).toBe(true);
  });

  it('dead-letters a Kafka message over kafka.maxMessageBytes', async () => {
    const deadBefore = metricSum(
      await parts.metrics.registry.metrics(),
      'faultline_ingest_dead_letters_total',
      {
        reason: 'message too large',
      },
    );
    await producer.send({ topic: spansTopic, messages: [{ value: Buffer.alloc(MAX_MESSAGE + 1, 7) }] });
    await waitFor(
      'dead-lettered',
      async () =>
        metricSum(await parts.metrics.registry.metrics(), 'faultline_ingest_dead_letters_total', {
          reason: 'message too large',
        }) ===
        deadBefore + 1,
      30_000,
    );
  });

  // The fuzz cases above carry far-future timestamps; before the watermark was capped at the
  // engine clock they pushed it ahead, and a live span from an earlier minute (this one is
  // 90 s old, well inside the 5 minutes of allowed lateness) was dropped as late.
  it('takes spans whose attribute values are hundreds of KiB through both paths, and counts them', async () => {
    const huge = 'x'.repeat(120 * 1024);
    const endMs = Date.now() - 90_000;
    const before = (await sloCounts(api, 'checkout/availability')).total;
    const lateBefore = metricSum(
      await parts.metrics.registry.metrics(),
      'faultline_pipeline_late_records_total',
    );
    const body = sloMessage('checkout', 1, 0, endMs, { 'http.route': huge, 'user_agent.original': huge });
    expect(body.length).toBeGreaterThan(200 * 1024);
    expect(body.length).toBeLessThan(MAX_MESSAGE);
    expect(await post('traces', 'otlp_proto', body)).toBe(200);
    await producer.send({ topic: spansTopic, messages: [{ value: Buffer.from(body) }] });
    await waitFor(
      'counted once per path',
      async () => (await sloCounts(api, 'checkout/availability')).total === before + 2,
      60_000,
    );
    expect(metricSum(await parts.metrics.registry.metrics(), 'faultline_pipeline_late_records_total')).toBe(
      lateBefore,
    );
    expect(await healthy()).toBe(true);
  }, 90_000);
});
