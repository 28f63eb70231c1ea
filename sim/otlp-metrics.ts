import { create, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import {
  InstrumentationScopeSchema,
  type KeyValue,
  KeyValueSchema,
} from '../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import {
  AggregationTemporality,
  type MetricSchema,
  type MetricsData,
  MetricsDataSchema,
} from '../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import { ResourceSchema } from '../schemas/gen/opentelemetry/proto/resource/v1/resource_pb.js';
import { DURATION_BOUNDS, type MetricsSnapshot, type RequestSeries } from './metric-series.js';
import { int, resourceAttributes, str } from './otlp-attributes.js';
import type { IndexedTopology } from './topology.js';

/** Names of the metrics the simulator emits. */
export const MetricName = {
  Cpu: 'process.cpu.utilization',
  Memory: 'process.memory.usage',
  Duration: 'http.server.request.duration',
  Requests: 'http.server.request.count',
} as const;

type MetricInit = MessageInitShape<typeof MetricSchema>;

const SCOPE = create(InstrumentationScopeSchema, { name: 'faultline-sim', version: '0.1.0' });
const LEN = WireType.LengthDelimited;
const B64 = WireType.Bit64;

/**
 * Encodes a step's {@link MetricsSnapshot} as OTLP `MetricsData`, one ResourceMetrics per
 * node that is up: `process.cpu.utilization` (1) and `process.memory.usage` (By) gauges,
 * and for services an `http.server.request.duration` histogram (s) and a monotonic
 * `http.server.request.count` sum, one point per (method, route, status code).
 * {@link message} builds it with `create()`; {@link bytes} writes the same message directly
 * (tests show both decode to equal messages).
 */
export class MetricsEncoder {
  private readonly resources = new Map<string, { attributes: KeyValue[]; wire: Uint8Array }>();
  private readonly pointAttrs = new Map<string, { attributes: KeyValue[]; wire: Uint8Array[] }>();
  /** Reused by every call: `finish()` resets it and keeps its grown buffer. */
  private readonly w = new BinaryWriter();
  private readonly scopeWire = new BinaryWriter()
    .tag(1, LEN)
    .bytes(toBinary(InstrumentationScopeSchema, SCOPE))
    .finish();

  constructor(topology: IndexedTopology) {
    for (const n of topology.nodes) {
      const attributes = resourceAttributes(topology.name, n);
      const wire = new BinaryWriter()
        .tag(1, LEN)
        .bytes(toBinary(ResourceSchema, create(ResourceSchema, { attributes })))
        .finish();
      this.resources.set(n.name, { attributes, wire });
    }
  }

  /** The snapshot as a `MetricsData` message. */
  message(m: MetricsSnapshot): MetricsData {
    const startTimeUnixNano = BigInt(m.startMs) * 1_000_000n;
    const timeUnixNano = BigInt(m.timeMs) * 1_000_000n;
    const aggregationTemporality = temporalityOf(m);
    const gauge = (name: string, unit: string, description: string, value: number): MetricInit => ({
      name,
      unit,
      description,
      data: { case: 'gauge', value: { dataPoints: [{ timeUnixNano, value: { case: 'asDouble', value } }] } },
    });
    return create(MetricsDataSchema, {
      resourceMetrics: m.nodes.map(({ gauge: g, series }) => {
        const metrics = [
          gauge(MetricName.Cpu, '1', DESCRIPTIONS.cpu, g.cpu),
          gauge(MetricName.Memory, 'By', DESCRIPTIONS.mem, g.memBytes),
        ];
        if (series.length > 0) {
          const points = series.map((s) => ({
            attributes: this.attrs(s).attributes,
            startTimeUnixNano,
            timeUnixNano,
          }));
          metrics.push({
            name: MetricName.Duration,
            unit: 's',
            description: DESCRIPTIONS.duration,
            data: {
              case: 'histogram',
              value: {
                aggregationTemporality,
                dataPoints: series.map((s, i) => ({
                  ...points[i],
                  count: BigInt(s.count),
                  sum: s.sum,
                  ...(s.count > 0 ? { min: s.min, max: s.max } : {}),
                  bucketCounts: s.buckets.map(BigInt),
                  explicitBounds: DURATION_BOUNDS,
                })),
              },
            },
          });
          metrics.push({
            name: MetricName.Requests,
            unit: '{request}',
            description: DESCRIPTIONS.requests,
            data: {
              case: 'sum',
              value: {
                aggregationTemporality,
                isMonotonic: true,
                dataPoints: series.map((s, i) => ({
                  ...points[i],
                  value: { case: 'asInt', value: BigInt(s.count) },
                })),
              },
            },
          });
        }
        return {
          resource: { attributes: this.resource(g.node).attributes },
          scopeMetrics: [{ scope: SCOPE, metrics }],
        };
      }),
    });
  }

  /** The snapshot as `MetricsData` protobuf bytes. */
  bytes(m: MetricsSnapshot): Uint8Array {
    const w = this.w;
    const temporality = temporalityOf(m);
    for (const { gauge: g, series } of m.nodes) {
      w.tag(1, LEN).fork().raw(this.resource(g.node).wire).tag(2, LEN).fork().raw(this.scopeWire);
      this.gauge(w, MetricName.Cpu, '1', DESCRIPTIONS.cpu, g.cpu, m.timeMs);
      this.gauge(w, MetricName.Memory, 'By', DESCRIPTIONS.mem, g.memBytes, m.timeMs);
      if (series.length > 0) {
        head(w, MetricName.Duration, 's', DESCRIPTIONS.duration).tag(9, LEN).fork();
        for (const s of series) {
          w.tag(1, LEN).fork();
          for (const a of this.attrs(s).wire) w.tag(9, LEN).bytes(a);
          times(w, m.startMs, m.timeMs).tag(4, B64).fixed64(s.count).tag(5, B64).double(s.sum);
          w.tag(6, LEN).fork();
          for (const b of s.buckets) w.fixed64(b);
          w.join().tag(7, LEN).fork();
          for (const b of DURATION_BOUNDS) w.double(b);
          w.join();
          if (s.count > 0) w.tag(11, B64).double(s.min).tag(12, B64).double(s.max);
          w.join();
        }
        w.tag(2, WireType.Varint).int32(temporality).join().join();
        head(w, MetricName.Requests, '{request}', DESCRIPTIONS.requests).tag(7, LEN).fork();
        for (const s of series) {
          w.tag(1, LEN).fork();
          times(w, m.startMs, m.timeMs).tag(6, B64).sfixed64(s.count);
          for (const a of this.attrs(s).wire) w.tag(7, LEN).bytes(a);
          w.join();
        }
        w.tag(2, WireType.Varint).int32(temporality).tag(3, WireType.Varint).bool(true).join().join();
      }
      w.join().join();
    }
    return w.finish();
  }

  private gauge(
    w: BinaryWriter,
    name: string,
    unit: string,
    description: string,
    value: number,
    timeMs: number,
  ): void {
    head(w, name, unit, description).tag(5, LEN).fork().tag(1, LEN).fork();
    w.tag(3, B64)
      .fixed64(BigInt(timeMs) * 1_000_000n)
      .tag(4, B64)
      .double(value)
      .join()
      .join()
      .join();
  }

  private resource(node: string): { attributes: KeyValue[]; wire: Uint8Array } {
    const r = this.resources.get(node);
    if (r === undefined) throw new Error(`unknown node ${node}`);
    return r;
  }

  private attrs(s: RequestSeries): { attributes: KeyValue[]; wire: Uint8Array[] } {
    const key = `${s.method} ${s.route} ${s.status}`;
    let a = this.pointAttrs.get(key);
    if (a === undefined) {
      const attributes = [
        str('http.request.method', s.method),
        str('http.route', s.route),
        int('http.response.status_code', s.status),
      ];
      a = { attributes, wire: attributes.map((kv) => toBinary(KeyValueSchema, kv)) };
      this.pointAttrs.set(key, a);
    }
    return a;
  }
}

const DESCRIPTIONS = {
  cpu: 'CPU utilisation of the process',
  mem: 'Resident memory of the process',
  duration: 'Duration of HTTP server requests',
  requests: 'HTTP server requests',
};

function temporalityOf(m: MetricsSnapshot): AggregationTemporality {
  return m.temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
}

/** Opens a `Metric` (ScopeMetrics field 2) and writes its name, description and unit; the caller adds the data and joins. */
function head(w: BinaryWriter, name: string, unit: string, description: string): BinaryWriter {
  return w
    .tag(2, LEN)
    .fork()
    .tag(1, LEN)
    .string(name)
    .tag(2, LEN)
    .string(description)
    .tag(3, LEN)
    .string(unit);
}

function times(w: BinaryWriter, startMs: number, timeMs: number): BinaryWriter {
  return w
    .tag(2, B64)
    .fixed64(BigInt(startMs) * 1_000_000n)
    .tag(3, B64)
    .fixed64(BigInt(timeMs) * 1_000_000n);
}
