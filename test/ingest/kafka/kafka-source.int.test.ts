import { JsonMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/load.js';
import { DLQ_HEADERS } from '../../../ingest/kafka/dead-letter.js';
import { KafkaSource } from '../../../ingest/kafka/kafka-source.js';
import { createLogger, silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { CollectingSink } from '../../support/collecting-sink.js';
import { committedTotal, createTopics, readAll, testKafka } from '../../support/kafka.js';
import { sdkMetrics } from '../../support/otel-metrics.js';
import { sdkSpans } from '../../support/otel-spans.js';
import { KAFKA_BROKERS, uniqueName } from '../../support/services.js';

let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const topics: string[] = [];
const sources: KafkaSource[] = [];

beforeAll(async () => {
  kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
});
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  const existing = new Set(await admin.listTopics());
  await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) }).catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

function setup(overrides: { maxMessageBytes?: number; metricsEncoding?: 'otlp_proto' | 'otlp_json' } = {}) {
  const spans = uniqueName('spans');
  const metricsTopic = uniqueName('metrics');
  const groupId = uniqueName('group');
  topics.push(spans, metricsTopic, `${spans}.dlq`, `${metricsTopic}.dlq`);
  const config = loadConfig({
    env: { FAULTLINE_KAFKA_BROKERS: KAFKA_BROKERS.join(','), FAULTLINE_KAFKA_GROUP_ID: groupId },
  });
  config.kafka.initialOffset = 'earliest';
  config.kafka.topics = {
    spans: { name: spans, encoding: 'otlp_proto' },
    metrics: { name: metricsTopic, encoding: overrides.metricsEncoding ?? 'otlp_proto' },
  };
  if (overrides.maxMessageBytes) config.kafka.maxMessageBytes = overrides.maxMessageBytes;
  const sink = new CollectingSink();
  const metrics = new EngineMetrics({ processMetrics: false });
  const start = async () => {
    const source = new KafkaSource({
      config: config.kafka,
      sink,
      metrics,
      logger: process.env.DEBUG_KAFKA ? createLogger('debug') : silentLogger(),
    });
    sources.push(source);
    await source.start();
    return source;
  };
  return { spans, metricsTopic, groupId, sink, metrics, start };
}

describe('Kafka source (real broker)', () => {
  it('consumes spans and metrics made by the real OpenTelemetry serializers, one encoding per topic', async () => {
    const t = setup({ metricsEncoding: 'otlp_json' });
    await createTopics(admin, [t.spans, t.metricsTopic], 3);
    const batches = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => sdkSpans(`svc-${i}`, 5)));
    // As the Collector does with partition_traces_by_id: the key is the trace id in hex.
    await producer.send({
      topic: t.spans,
      messages: batches.map((spans) => ({
        key: spans[0]!.spanContext().traceId,
        value: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
      })),
    });
    const resourceMetrics = await sdkMetrics('cart');
    await producer.send({
      topic: t.metricsTopic,
      messages: [{ value: Buffer.from(JsonMetricsSerializer.serializeRequest(resourceMetrics)!) }],
    });

    await t.start();
    await t.sink.until((s) => s.spans.length === 60 && s.metrics.length > 0);
    expect(new Set(t.sink.spans.map((s) => s.service)).size).toBe(6);
    expect(new Set(t.sink.metrics.map((p) => p.service))).toEqual(new Set(['cart']));
    expect(t.sink.metrics.map((p) => p.name)).toContain('http.server.requests');
    for (const origin of t.sink.origins) expect(origin.source).toBe('kafka');

    // Offsets are committed once the sink has the records: all 6 span and 1 metric message.
    await expect.poll(() => committedTotal(admin, t.groupId, t.spans), { timeout: 10_000 }).toBe(6);
    await expect.poll(() => committedTotal(admin, t.groupId, t.metricsTopic), { timeout: 10_000 }).toBe(1);
  });

  it('dead-letters truncated, random, wrong-encoding, empty and oversized messages, and keeps consuming', async () => {
    const t = setup({ maxMessageBytes: 64 * 1024 });
    await createTopics(admin, [t.spans, t.metricsTopic], 1);
    const good = Buffer.from(ProtobufTraceSerializer.serializeRequest(await sdkSpans('checkout', 2))!);
    const bad: Array<{ name: string; value: Buffer | null }> = [
      { name: 'truncated', value: good.subarray(0, good.length - 5) },
      { name: 'random', value: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 7) % 256)) },
      { name: 'json-on-proto-topic', value: Buffer.from('{"resourceSpans":[]}') },
      { name: 'empty', value: Buffer.alloc(0) },
      { name: 'oversized', value: Buffer.alloc(64 * 1024 + 1, 0x0a) },
    ];
    await producer.send({
      topic: t.spans,
      messages: [...bad.map((b) => ({ key: b.name, value: b.value })), { key: 'good', value: good }],
    });

    await t.start();
    await t.sink.until((s) => s.spans.length === 4);
    const letters = await readAll(kafka, `${t.spans}.dlq`, bad.length);
    const byKey = new Map(letters.map((m) => [m.key?.toString(), m]));
    for (const [i, b] of bad.entries()) {
      const letter = byKey.get(b.name);
      expect(letter, b.name).toBeDefined();
      const header = (name: string) => letter?.headers?.[name]?.toString();
      expect(header(DLQ_HEADERS.topic)).toBe(t.spans);
      expect(header(DLQ_HEADERS.partition)).toBe('0');
      expect(header(DLQ_HEADERS.offset)).toBe(String(i));
      expect(header(DLQ_HEADERS.reason)?.length).toBeGreaterThan(0);
    }
    expect(byKey.get('empty')?.headers?.[DLQ_HEADERS.code]?.toString()).toBe('FL_INGEST_EMPTY');
    expect(byKey.get('oversized')?.headers?.[DLQ_HEADERS.code]?.toString()).toBe('FL_INGEST_TOO_LARGE');
    expect(byKey.get('truncated')?.headers?.[DLQ_HEADERS.code]?.toString()).toBe('FL_INGEST_DECODE');

    const dead =
      (await t.metrics.registry.getSingleMetric('faultline_ingest_dead_letters_total')?.get())?.values ?? [];
    expect(dead.reduce((a, v) => a + v.value, 0)).toBe(bad.length);
    await expect
      .poll(() => committedTotal(admin, t.groupId, t.spans), { timeout: 10_000 })
      .toBe(bad.length + 1);
  });

  it('does not commit while the sink fails, and delivers the batch again once it recovers', async () => {
    const t = setup();
    await createTopics(admin, [t.spans, t.metricsTopic], 1);
    t.sink.failing = true;
    await producer.send({
      topic: t.spans,
      messages: [
        { value: Buffer.from(ProtobufTraceSerializer.serializeRequest(await sdkSpans('orders', 3))!) },
      ],
    });
    await t.start();
    // Give the consumer time to fetch and fail at least once.
    await new Promise((r) => setTimeout(r, 2000));
    expect(await committedTotal(admin, t.groupId, t.spans)).toBe(0);
    t.sink.failing = false;
    await t.sink.until((s) => s.spans.length >= 6, 60_000);
    await expect.poll(() => committedTotal(admin, t.groupId, t.spans), { timeout: 10_000 }).toBe(1);
  });
});
