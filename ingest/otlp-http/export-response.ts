import { create, toBinary } from '@bufbuild/protobuf';
import { ExportMetricsServiceResponseSchema } from '../../schemas/gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb.js';
import { ExportTraceServiceResponseSchema } from '../../schemas/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import type { Signal } from '../telemetry-sink.js';

/**
 * The success answer of an export. Without rejections it is the empty message; with some,
 * `partial_success` says how many records were refused and why (OTLP partial success).
 */
export function encodeExportResponse(
  signal: Signal,
  rejected: number,
  errorMessage: string,
  json: boolean,
): Uint8Array | string {
  if (json) {
    if (rejected === 0) return '{}';
    const count = signal === 'traces' ? 'rejectedSpans' : 'rejectedDataPoints';
    return JSON.stringify({ partialSuccess: { [count]: String(rejected), errorMessage } });
  }
  if (signal === 'traces') {
    const partialSuccess = rejected === 0 ? undefined : { rejectedSpans: BigInt(rejected), errorMessage };
    return toBinary(
      ExportTraceServiceResponseSchema,
      create(ExportTraceServiceResponseSchema, { partialSuccess }),
    );
  }
  const partialSuccess = rejected === 0 ? undefined : { rejectedDataPoints: BigInt(rejected), errorMessage };
  return toBinary(
    ExportMetricsServiceResponseSchema,
    create(ExportMetricsServiceResponseSchema, { partialSuccess }),
  );
}
