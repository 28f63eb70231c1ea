import { create, toBinary } from '@bufbuild/protobuf';
import {
  AggregationTemporality,
  MetricsDataSchema,
} from '../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import {
  Span_SpanKind,
  Status_StatusCode,
  TracesDataSchema,
} from '../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';

/** A SERVER span as the backtest tests need it: who, when it ended, and whether it failed. */
export interface TestSpan {
  service: string;
  seq: number;
  endMs: number;
  error: boolean;
}

/** One reading of a cumulative monotonic counter. */
export interface TestPoint {
  service: string;
  name: string;
  startMs: number;
  timeMs: number;
  value: number;
}

const hex = (n: number, width: number) => (n + 1).toString(16).padStart(width, '0');
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const resourceJson = (service: string) => ({
  attributes: [{ key: 'service.name', value: { stringValue: service } }],
});
const resource = (service: string) => ({
  attributes: [{ key: 'service.name', value: { value: { case: 'stringValue' as const, value: service } } }],
});
const byService = <T extends { service: string }>(items: readonly T[]): Map<string, T[]> => {
  const m = new Map<string, T[]>();
  for (const it of items) m.set(it.service, [...(m.get(it.service) ?? []), it]);
  return m;
};

/** OTLP/JSON TracesData. */
export function spansJson(spans: readonly TestSpan[]): object {
  return {
    resourceSpans: [...byService(spans)].map(([service, list]) => ({
      resource: resourceJson(service),
      scopeSpans: [
        {
          scope: { name: 'backtest-test' },
          spans: list.map((s) => ({
            traceId: hex(s.seq, 32),
            spanId: hex(s.seq, 16),
            name: 'POST /checkout',
            kind: 2,
            startTimeUnixNano: String(ns(s.endMs - 100)),
            endTimeUnixNano: String(ns(s.endMs)),
            status: { code: s.error ? 2 : 0 },
          })),
        },
      ],
    })),
  };
}

/** Binary TracesData. */
export function spansProto(spans: readonly TestSpan[]): Uint8Array {
  const message = create(TracesDataSchema, {
    resourceSpans: [...byService(spans)].map(([service, list]) => ({
      resource: resource(service),
      scopeSpans: [
        {
          scope: { name: 'backtest-test' },
          spans: list.map((s) => ({
            traceId: Buffer.from(hex(s.seq, 32), 'hex'),
            spanId: Buffer.from(hex(s.seq, 16), 'hex'),
            name: 'POST /checkout',
            kind: Span_SpanKind.SERVER,
            startTimeUnixNano: ns(s.endMs - 100),
            endTimeUnixNano: ns(s.endMs),
            status: { code: s.error ? Status_StatusCode.ERROR : Status_StatusCode.UNSET },
          })),
        },
      ],
    })),
  });
  return toBinary(TracesDataSchema, message);
}

/** OTLP/JSON MetricsData: one cumulative monotonic sum per point. */
export function metricsJson(points: readonly TestPoint[]): object {
  return {
    resourceMetrics: [...byService(points)].map(([service, list]) => ({
      resource: resourceJson(service),
      scopeMetrics: [
        {
          metrics: list.map((p) => ({
            name: p.name,
            sum: {
              aggregationTemporality: 2,
              isMonotonic: true,
              dataPoints: [
                {
                  startTimeUnixNano: String(ns(p.startMs)),
                  timeUnixNano: String(ns(p.timeMs)),
                  asInt: String(p.value),
                },
              ],
            },
          })),
        },
      ],
    })),
  };
}

/** Binary MetricsData. */
export function metricsProto(points: readonly TestPoint[]): Uint8Array {
  const message = create(MetricsDataSchema, {
    resourceMetrics: [...byService(points)].map(([service, list]) => ({
      resource: resource(service),
      scopeMetrics: [
        {
          metrics: list.map((p) => ({
            name: p.name,
            data: {
              case: 'sum' as const,
              value: {
                aggregationTemporality: AggregationTemporality.CUMULATIVE,
                isMonotonic: true,
                dataPoints: [
                  {
                    startTimeUnixNano: ns(p.startMs),
                    timeUnixNano: ns(p.timeMs),
                    value: { case: 'asInt' as const, value: BigInt(p.value) },
                  },
                ],
              },
            },
          })),
        },
      ],
    })),
  });
  return toBinary(MetricsDataSchema, message);
}

/** Messages each preceded by its length, 4 bytes big-endian (the file exporter's `format: proto`). */
export function sizePrefixed(messages: readonly Uint8Array[]): Buffer {
  return Buffer.concat(
    messages.flatMap((m) => {
      const head = Buffer.alloc(4);
      head.writeUInt32BE(m.length, 0);
      return [head, Buffer.from(m)];
    }),
  );
}

/** One JSON object per line. */
export function ndjson(objects: readonly object[]): string {
  return `${objects.map((o) => JSON.stringify(o)).join('\n')}\n`;
}
