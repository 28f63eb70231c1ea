import { context, ROOT_CONTEXT, type Span, SpanKind, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { createTopics, testKafka } from '../support/kafka.js';
import { KAFKA_BROKERS, uniqueName } from '../support/services.js';

// The whole engine reading spans from the real broker. Each service exports its own spans,
// so every trace reaches faultline as several Kafka messages (keyed by trace id, as the
// Collector's partition_traces_by_id does), sent server side first; the consumer is in a
// trace of its own and only linked to its producer.
const spansTopic = uniqueName('topology-spans');
const metricsTopic = uniqueName('topology-metrics');
let admin: Admin;
let producer: Producer;
let running: RunningParts;

/** A tracer of `service` whose finished spans can be taken out as one OTLP message. */
function sdkService(service: string) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  return {
    tracer: provider.getTracer('faultline-test'),
    /** The finished spans as an OTLP message, and forgets them. */
    async take(): Promise<Buffer> {
      await provider.forceFlush();
      const body = Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!);
      exporter.reset();
      return body;
    },
  };
}

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopics(admin, [spansTopic, metricsTopic], 3);
  const config = loadConfig({
    env: {
      FAULTLINE_KAFKA_BROKERS: KAFKA_BROKERS.join(','),
      FAULTLINE_KAFKA_GROUP_ID: uniqueName('topology-group'),
      FAULTLINE_HTTP_PORT: '0',
      FAULTLINE_OTLP_ENABLED: 'false',
    },
  });
  config.kafka.topics = {
    spans: { name: spansTopic, encoding: 'otlp_proto' },
    metrics: { name: metricsTopic, encoding: 'otlp_proto' },
  };
  config.kafka.initialOffset = 'earliest';
  config.topology.flushIntervalMs = 100;
  running = createEngine(config, { logger: silentLogger() });
  await running.engine.start();
});

afterAll(async () => {
  await running?.engine.close();
  await admin
    .deleteTopics({ topics: [spansTopic, metricsTopic, `${spansTopic}.dlq`, `${metricsTopic}.dlq`] })
    .catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

describe('topology through Kafka', () => {
  it('pairs spans of one trace that arrive in different messages, and a consumer linked to its producer', {
    timeout: 60_000,
  }, async () => {
    const frontend = sdkService('frontend');
    const checkout = sdkService('checkout');
    const billing = sdkService('billing');
    const traces = 5;
    for (let i = 0; i < traces; i++) {
      const root = frontend.tracer.startSpan('GET /cart', { kind: SpanKind.SERVER });
      const call = frontend.tracer.startSpan(
        'POST /checkout',
        { kind: SpanKind.CLIENT, attributes: { 'server.address': 'checkout' } },
        trace.setSpan(context.active(), root),
      );
      const served = checkout.tracer.startSpan(
        'POST /checkout',
        { kind: SpanKind.SERVER },
        trace.setSpanContext(ROOT_CONTEXT, call.spanContext()),
      );
      const publish = checkout.tracer.startSpan(
        'orders publish',
        { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka' } },
        trace.setSpan(ROOT_CONTEXT, served),
      );
      const consume: Span = billing.tracer.startSpan(
        'orders process',
        { kind: SpanKind.CONSUMER, links: [{ context: publish.spanContext() }] },
        ROOT_CONTEXT,
      );
      for (const s of [publish, served, call, root, consume]) s.end();
      const key = root.spanContext().traceId;
      // Server side first, each service's spans in their own message and send.
      await producer.send({
        topic: spansTopic,
        messages: [{ key: consume.spanContext().traceId, value: await billing.take() }],
      });
      await producer.send({ topic: spansTopic, messages: [{ key, value: await checkout.take() }] });
      await producer.send({ topic: spansTopic, messages: [{ key, value: await frontend.take() }] });
    }

    const api = `http://127.0.0.1:${running.api.address().port}`;
    const summary = async () => {
      const body = (await (await fetch(`${api}/api/v1/topology`)).json()) as {
        edges: Array<{ source: string; target: string; connectionType: string; calls: number }>;
      };
      return body.edges.map((e) => `${e.source}->${e.target} ${e.connectionType} ${e.calls}`).sort();
    };
    await expect
      .poll(summary, { timeout: 40_000, interval: 250 })
      .toEqual([
        'checkout->billing messaging 5',
        'frontend->checkout direct 5',
        'user (external)->frontend virtual 5',
      ]);
    expect(running.topology?.builder.pendingSpans).toBe(0);
    expect(running.topology?.builder.counts.unpaired).toEqual({
      store_full: 0,
      client_expired: 0,
      client_virtual: 0,
      server_expired: 0,
      no_parent: 0,
    });
  });
});
