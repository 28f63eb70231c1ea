/** Spans and metrics made by the real OpenTelemetry JS SDK, for serializer round-trip tests. */
import { type Attributes, context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export interface SdkSpans {
  spans: ReadableSpan[];
  /** Span ids by the role they play in the scenario. */
  ids: Record<'server' | 'rpc' | 'db' | 'producer' | 'consumer' | 'failed' | 'legacy' | 'worker', string>;
  traceId: string;
}

/**
 * A checkout request: a SERVER span with CLIENT children (gRPC, database), a PRODUCER, a
 * CONSUMER in another service linked to the producer, a failed INTERNAL span, and a
 * CLIENT span that uses only the deprecated attribute names.
 */
export async function makeSdkSpans(): Promise<SdkSpans> {
  const exporter = new InMemorySpanExporter();
  const checkout = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '1.4.2' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const worker = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'fulfilment-worker' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = checkout.getTracer('checkout-http', '2.0.0');
  const workerTracer = worker.getTracer('worker-kafka');

  const server = tracer.startSpan('POST /checkout', {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': 'POST', 'http.response.status_code': 502, 'url.path': '/checkout' },
  });
  const inServer = trace.setSpan(context.active(), server);
  const rpc = tracer.startSpan(
    'payments.Payments/Charge',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'rpc.system': 'grpc',
        'rpc.grpc.status_code': 14,
        'service.peer.name': 'payments',
        'server.address': 'payments.svc',
      },
    },
    inServer,
  );
  rpc.setStatus({ code: SpanStatusCode.ERROR, message: 'unavailable' });
  rpc.end();
  const db = tracer.startSpan(
    'SELECT orders',
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.namespace': 'orders', 'db.system': 'postgres' },
    },
    inServer,
  );
  db.setStatus({ code: SpanStatusCode.OK });
  db.end();
  const producer = tracer.startSpan(
    'orders publish',
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka' } },
    inServer,
  );
  producer.end();
  const failed = tracer.startSpan('reserve-stock', { kind: SpanKind.INTERNAL }, inServer);
  failed.recordException(new Error('out of stock'));
  failed.addEvent('retry', { attempt: 2 });
  failed.setStatus({ code: SpanStatusCode.ERROR });
  failed.end();
  const legacy = tracer.startSpan(
    'GET inventory',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'http.status_code': '503',
        'peer.service': 'inventory',
        'net.peer.name': 'inventory.svc',
        'db.name': 'ignored-without-db',
        'rpc.response.status_code': 'DEADLINE_EXCEEDED',
        'labels.list': ['a', 'b'],
        'ratio.values': [0.5, 1.5],
      },
    },
    inServer,
  );
  legacy.end();
  server.setStatus({ code: SpanStatusCode.ERROR });
  server.end();

  const consumer = workerTracer.startSpan('orders process', {
    kind: SpanKind.CONSUMER,
    attributes: { 'messaging.system': 'kafka' },
    links: [{ context: producer.spanContext(), attributes: { 'messaging.operation': 'receive' } }],
  });
  const workerSpan = workerTracer.startSpan('ship', {}, trace.setSpan(context.active(), consumer));
  workerSpan.end();
  consumer.end();

  await checkout.forceFlush();
  await worker.forceFlush();
  const spans = exporter.getFinishedSpans();
  await checkout.shutdown();
  await worker.shutdown();
  return {
    spans,
    traceId: server.spanContext().traceId,
    ids: {
      server: server.spanContext().spanId,
      rpc: rpc.spanContext().spanId,
      db: db.spanContext().spanId,
      producer: producer.spanContext().spanId,
      consumer: consumer.spanContext().spanId,
      failed: failed.spanContext().spanId,
      legacy: legacy.spanContext().spanId,
      worker: workerSpan.spanContext().spanId,
    },
  };
}

/** A pull reader: `collect()` is all the tests need. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/**
 * One collection of counters, up-down counters, histograms (explicit and exponential) and
 * observable gauges, with the given temporality.
 */
export async function makeSdkMetrics(temporality: 'delta' | 'cumulative'): Promise<ResourceMetrics> {
  const reader = new CollectingReader({
    aggregationTemporalitySelector: () =>
      temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout' }),
    readers: [reader],
    views: [
      { instrumentName: 'rpc.server.duration', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
    ],
  });
  const meter = provider.getMeter('checkout-metrics', '1.0.0');
  const ok: Attributes = { 'http.route': '/checkout', 'http.response.status_code': 200 };
  const bad: Attributes = { 'http.route': '/checkout', 'http.response.status_code': 503, retried: true };

  const requests = meter.createCounter('http.server.requests', { unit: '{request}' });
  requests.add(5, ok);
  requests.add(2, bad);
  const inflight = meter.createUpDownCounter('http.server.active_requests');
  inflight.add(3);
  inflight.add(-1);
  const latency = meter.createHistogram('http.server.request.duration', { unit: 's' });
  for (const v of [0.004, 0.02, 0.3, 1.2, 7]) latency.record(v, ok);
  const rpc = meter.createHistogram('rpc.server.duration', { unit: 'ms' });
  for (const v of [1, 2, 4, 8, 16, 300]) rpc.record(v, { 'rpc.system': 'grpc' });
  const queue = meter.createObservableGauge('queue.depth', { valueType: 1 });
  queue.addCallback((result) => {
    result.observe(42, { queue: 'orders' });
    result.observe(7, { queue: 'refunds' });
  });
  const ratio = meter.createObservableGauge('cache.hit_ratio');
  ratio.addCallback((result) => result.observe(0.875));

  const { resourceMetrics, errors } = await reader.collect();
  await provider.shutdown();
  if (errors.length > 0) throw new Error(`metric collection failed: ${String(errors[0])}`);
  return resourceMetrics;
}
