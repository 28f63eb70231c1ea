import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/**
 * Spans made by the real OpenTelemetry JS SDK: for each of `traces` traces, a SERVER span of
 * `service` with a CLIENT child, the client failing with HTTP 503 on every third trace.
 */
export async function sdkSpans(service: string, traces: number): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('faultline-test');
  for (let i = 0; i < traces; i++) {
    const server = tracer.startSpan('GET /checkout', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
    });
    const ctx = trace.setSpan(context.active(), server);
    const client = tracer.startSpan(
      'POST /pay',
      { kind: SpanKind.CLIENT, attributes: { 'service.peer.name': 'payment', 'server.address': 'payment' } },
      ctx,
    );
    if (i % 3 === 2) {
      client.setAttribute('http.response.status_code', 503);
      client.setStatus({ code: SpanStatusCode.ERROR });
    }
    client.end();
    server.end();
  }
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return spans;
}
