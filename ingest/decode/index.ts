/**
 * Decoding of OTLP payloads into the normalised records: the entry points every ingest path
 * (Kafka, OTLP/HTTP, file replay) calls. Protobuf goes through the fast decoders; JSON
 * through the OTLP/JSON decoder. Every undecodable payload throws DecodeError
 * (`FL_INGEST_DECODE`) with `details.reason`.
 */
import { FaultlineError } from '../../core/faultline-error.js';
import { IngestErrorCode } from '../errors.js';
import type { MetricPoint, SpanRecord } from '../records.js';
import { metricProblem, spanProblem } from '../validate.js';
import { fastDecodeMetrics } from './fast-metrics.js';
import { fastDecodeSpans } from './fast-spans.js';
import { jsonDecodeMetrics } from './json-metrics.js';
import { jsonDecodeSpans } from './json-spans.js';
import { type DecodeLimits, gated } from './record-gate.js';
import type { SpanDecodeOptions } from './span-attr-plan.js';

export type { DecodeLimits, DecodeTally } from './record-gate.js';
export { newTally } from './record-gate.js';
export type { SpanDecodeOptions } from './span-attr-plan.js';

/** The payload encodings faultline accepts. */
export type OtlpEncoding = 'otlp_proto' | 'otlp_json';

/**
 * Decodes an OTLP trace payload (ExportTraceServiceRequest, or TracesData: same format).
 * Empty protobuf bytes are a valid empty message and give `[]`; empty JSON is an error.
 * `options.spanAttributes` names extra span attributes to keep in `SpanRecord.attributes`;
 * `options.maxRecords` and `options.tally` bound the decode (see record-gate.ts).
 * Pass the same set with every call so that its compiled form is reused.
 */
export function decodeSpans(
  bytes: Uint8Array,
  encoding: OtlpEncoding,
  options?: SpanDecodeOptions & DecodeLimits,
): SpanRecord[] {
  switch (encoding) {
    case 'otlp_proto':
      return gated(options, spanProblem, () => fastDecodeSpans(bytes, options));
    case 'otlp_json':
      return gated(options, spanProblem, () => jsonDecodeSpans(bytes, options));
    default:
      throw unsupported(encoding);
  }
}

/**
 * Decodes an OTLP metrics payload (ExportMetricsServiceRequest, or MetricsData) into one point
 * per data point. `limits` caps the points and, with a tally, drops invalid ones as they come.
 */
export function decodeMetrics(
  bytes: Uint8Array,
  encoding: OtlpEncoding,
  limits?: DecodeLimits,
): MetricPoint[] {
  switch (encoding) {
    case 'otlp_proto':
      return gated(limits, metricProblem, () => fastDecodeMetrics(bytes));
    case 'otlp_json':
      return gated(limits, metricProblem, () => jsonDecodeMetrics(bytes));
    default:
      throw unsupported(encoding);
  }
}

function unsupported(encoding: never): FaultlineError {
  return new FaultlineError(IngestErrorCode.Unsupported, `unsupported OTLP encoding: ${String(encoding)}`, {
    encoding: String(encoding),
  });
}
