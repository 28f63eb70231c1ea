/**
 * Decoding of OTLP payloads into the normalised records: the entry points every ingest path
 * (Kafka, OTLP/HTTP, file replay) calls. Protobuf goes through the fast decoders; JSON
 * through the OTLP/JSON decoder. Every undecodable payload throws DecodeError
 * (`FL_INGEST_DECODE`) with `details.reason`.
 */
import { FaultlineError } from '../../core/faultline-error.js';
import { IngestErrorCode } from '../errors.js';
import type { MetricPoint, SpanRecord } from '../records.js';
import { fastDecodeMetrics } from './fast-metrics.js';
import { fastDecodeSpans } from './fast-spans.js';
import { jsonDecodeMetrics } from './json-metrics.js';
import { jsonDecodeSpans } from './json-spans.js';

/** The payload encodings faultline accepts. */
export type OtlpEncoding = 'otlp_proto' | 'otlp_json';

/**
 * Decodes an OTLP trace payload (ExportTraceServiceRequest, or TracesData: same format).
 * Empty protobuf bytes are a valid empty message and give `[]`; empty JSON is an error.
 */
export function decodeSpans(bytes: Uint8Array, encoding: OtlpEncoding): SpanRecord[] {
  switch (encoding) {
    case 'otlp_proto':
      return fastDecodeSpans(bytes);
    case 'otlp_json':
      return jsonDecodeSpans(bytes);
    default:
      throw unsupported(encoding);
  }
}

/** Decodes an OTLP metrics payload (ExportMetricsServiceRequest, or MetricsData) into one point per data point. */
export function decodeMetrics(bytes: Uint8Array, encoding: OtlpEncoding): MetricPoint[] {
  switch (encoding) {
    case 'otlp_proto':
      return fastDecodeMetrics(bytes);
    case 'otlp_json':
      return jsonDecodeMetrics(bytes);
    default:
      throw unsupported(encoding);
  }
}

function unsupported(encoding: never): FaultlineError {
  return new FaultlineError(IngestErrorCode.Unsupported, `unsupported OTLP encoding: ${String(encoding)}`, {
    encoding: String(encoding),
  });
}
