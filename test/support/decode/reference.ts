/**
 * The reference decoders: the generated code's `fromBinary`, then normalisation. Slow but
 * obviously correct; the fast decoders are tested against it.
 */
import { fromBinary } from '@bufbuild/protobuf';
import { toDecodeError } from '../../../ingest/decode/fail.js';
import { type SpanDecodeOptions, spanAttrPlan } from '../../../ingest/decode/span-attr-plan.js';
import type { MetricPoint, SpanRecord } from '../../../ingest/records.js';
import {
  type MetricsData,
  MetricsDataSchema,
} from '../../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import {
  type TracesData,
  TracesDataSchema,
} from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { normaliseMetrics } from './normalise-metrics.js';
import { normaliseSpans } from './normalise-spans.js';

/** Decodes an OTLP TracesData / ExportTraceServiceRequest (same wire format). */
export function referenceDecodeSpans(bytes: Uint8Array, options?: SpanDecodeOptions): SpanRecord[] {
  let data: TracesData;
  try {
    data = fromBinary(TracesDataSchema, bytes, { readUnknownFields: false });
  } catch (err) {
    throw toDecodeError(err, 'otlp_proto');
  }
  return normaliseSpans(data, spanAttrPlan(options));
}

/** Decodes an OTLP MetricsData / ExportMetricsServiceRequest (same wire format). */
export function referenceDecodeMetrics(bytes: Uint8Array): MetricPoint[] {
  let data: MetricsData;
  try {
    data = fromBinary(MetricsDataSchema, bytes, { readUnknownFields: false });
  } catch (err) {
    throw toDecodeError(err, 'otlp_proto');
  }
  return normaliseMetrics(data);
}
