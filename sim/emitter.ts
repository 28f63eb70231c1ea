/**
 * The simulator's output port. The run loop hands every OTLP payload it makes to an
 * {@link Emitter}; adapters beside it deliver to Kafka, OTLP/HTTP, files or memory.
 */
import { fromBinary, toJson } from '@bufbuild/protobuf';
import {
  type MetricsData,
  MetricsDataSchema,
} from '../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import { type TracesData, TracesDataSchema } from '../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import type { GroundTruth } from './faults.js';

/** A batch of spans: one OTLP `TracesData` message. */
export interface TracesPayload {
  signal: 'traces';
  /** `TracesData` protobuf bytes (wire-identical to `ExportTraceServiceRequest`). */
  bytes: Uint8Array;
  /** Set when the payload holds exactly one trace: its id in lowercase hex (the Kafka key). */
  traceId?: string;
  spans: number;
  /** Start of the simulated step the spans belong to, Unix epoch ms. */
  timeMs: number;
}

/** One step's metrics: one OTLP `MetricsData` message. */
export interface MetricsPayload {
  signal: 'metrics';
  /** `MetricsData` protobuf bytes (wire-identical to `ExportMetricsServiceRequest`). */
  bytes: Uint8Array;
  points: number;
  /** End of the simulated step the points describe, Unix epoch ms. */
  timeMs: number;
}

/** What the simulator emits. */
export type SimPayload = TracesPayload | MetricsPayload;

/** Where simulated telemetry goes. */
export interface Emitter {
  /** Records the run's ground truth; called once, before the first payload. */
  groundTruth?(truth: readonly GroundTruth[]): Promise<void>;
  /**
   * Delivers one payload. Adapters may buffer; a rejected promise (code `FL_SIM_EMIT`)
   * stops the run. Payloads arrive in event-time order, traces of a step before its metrics.
   */
  emit(payload: SimPayload): Promise<void>;
  /** Delivers what is buffered and releases connections and files. */
  close(): Promise<void>;
}

/** The payload decoded into its OTLP message. */
export function payloadMessage(p: TracesPayload): TracesData;
export function payloadMessage(p: MetricsPayload): MetricsData;
export function payloadMessage(p: SimPayload): TracesData | MetricsData;
export function payloadMessage(p: SimPayload): TracesData | MetricsData {
  return p.signal === 'traces'
    ? fromBinary(TracesDataSchema, p.bytes)
    : fromBinary(MetricsDataSchema, p.bytes);
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/**
 * The payload as OTLP/JSON text (one line): ids as hex, enums as numbers, 64-bit integers
 * as decimal strings, as the OTLP specification and the Collector's file exporter write it.
 */
export function payloadJson(p: SimPayload): string {
  const json =
    p.signal === 'traces'
      ? toJson(TracesDataSchema, payloadMessage(p), { enumAsInteger: true })
      : toJson(MetricsDataSchema, payloadMessage(p), { enumAsInteger: true });
  return JSON.stringify(json, (key, value: unknown) =>
    ID_FIELDS.has(key) && typeof value === 'string' ? Buffer.from(value, 'base64').toString('hex') : value,
  );
}
