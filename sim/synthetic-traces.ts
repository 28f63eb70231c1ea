import { create, toBinary } from '@bufbuild/protobuf';
import type { KeyValue } from '../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import { Span_SpanKind, TracesDataSchema } from '../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { seeded } from './random.js';

const str = (key: string, stringValue: string): KeyValue =>
  ({ key, value: { value: { case: 'stringValue', value: stringValue } } }) as KeyValue;
const int = (key: string, intValue: number): KeyValue =>
  ({ key, value: { value: { case: 'intValue', value: BigInt(intValue) } } }) as KeyValue;

/**
 * An OTLP trace payload shaped like what an instrumented HTTP service exports: `spans`
 * spans over 10 services, each with the attributes the HTTP semantic conventions put on
 * server and client spans, and an event on one span in ten.
 */
export function tracePayload(spans: number, seed: number, baseNs = 1_763_000_000_000_000_000n): Uint8Array {
  const rnd = seeded(seed);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256));
  const services = Array.from({ length: 10 }, (_, i) => `service-${i}`);
  const perService = Math.ceil(spans / services.length);
  const base = baseNs;
  const data = create(TracesDataSchema, {
    resourceSpans: services.map((service) => ({
      resource: {
        attributes: [
          str('service.name', service),
          str('service.version', '1.8.3'),
          str('host.name', `${service}-7d9f8b-x2k4q`),
          str('telemetry.sdk.language', 'nodejs'),
        ],
      },
      scopeSpans: [
        {
          scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0' },
          spans: Array.from({ length: perService }, (_, i) => {
            const server = i % 2 === 0;
            const start = base + BigInt(Math.floor(rnd() * 60e9));
            const status = rnd() < 0.02 ? 503 : 200;
            return {
              traceId: bytes(16),
              spanId: bytes(8),
              parentSpanId: server ? new Uint8Array() : bytes(8),
              name: server ? 'GET /api/orders/:id' : 'POST',
              kind: server ? Span_SpanKind.SERVER : Span_SpanKind.CLIENT,
              startTimeUnixNano: start,
              endTimeUnixNano: start + BigInt(Math.floor(rnd() * 200e6)),
              attributes: [
                str('http.request.method', server ? 'GET' : 'POST'),
                str('url.path', `/api/orders/${Math.floor(rnd() * 1e6)}`),
                str('http.route', '/api/orders/:id'),
                int('http.response.status_code', status),
                str('server.address', server ? service : 'payment'),
                int('server.port', 8080),
                str('network.protocol.version', '1.1'),
                str('user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64) faultline-bench'),
              ],
              events:
                i % 10 === 0
                  ? [{ name: 'retry', timeUnixNano: start + 1000n, attributes: [int('attempt', 2)] }]
                  : [],
              status: { code: status >= 500 ? 2 : 0, message: '' },
            };
          }),
        },
      ],
    })),
  });
  return toBinary(TracesDataSchema, data);
}
