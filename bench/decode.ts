import { fileURLToPath } from 'node:url';
import { fromBinary } from '@bufbuild/protobuf';
import protobuf from 'protobufjs';
import { decodeSpans } from '../ingest/decode/index.js';
import { TracesDataSchema } from '../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { tracePayload } from '../sim/synthetic-traces.js';
import { referenceDecodeSpans } from '../test/support/decode/reference.js';
import { opsPerSecondSideBySide } from './measure.js';

export interface DecodeResult {
  fast_spans_per_s: number;
  bufbuild_spans_per_s: number;
  bufbuild_normalised_spans_per_s: number;
  /** protobufjs (the other common JavaScript protobuf library) decoding the same bytes, from the .proto files. */
  protobufjs_spans_per_s: number;
  ratio: number;
  /** fast / protobufjs. */
  ratio_protobufjs: number;
}

/** `TracesData` as protobufjs builds it from the OTLP .proto files the generated code comes from. */
function protobufjsTracesData(): protobuf.Type {
  const root = new protobuf.Root();
  const protos = fileURLToPath(new URL('../schemas/proto/', import.meta.url));
  root.resolvePath = (_origin, target) => (target.startsWith('/') ? target : `${protos}${target}`);
  root.loadSync('opentelemetry/proto/trace/v1/trace.proto', { keepCase: false });
  return root.lookupType('opentelemetry.proto.trace.v1.TracesData');
}

/**
 * The fast decoder against @bufbuild/protobuf's generated `fromBinary` on the same payloads
 * (batches of 500 spans, as the Collector's batch processor sends). `ratio` compares with
 * `fromBinary` alone, which does less work than faultline needs (no normalisation), so the
 * ratio understates the gain over the straightforward path (`bufbuild_normalised`).
 */
export function benchDecode(ms: number): DecodeResult {
  const payloads = Array.from({ length: 8 }, (_, i) => tracePayload(500, i + 1));
  const spansPerRound = payloads.length * 500;
  const tracesData = protobufjsTracesData();
  const { fast, bufbuild, normalised, pbjs } = opsPerSecondSideBySide(
    {
      fast: () => {
        for (const p of payloads) decodeSpans(p, 'otlp_proto');
      },
      bufbuild: () => {
        for (const p of payloads) fromBinary(TracesDataSchema, p);
      },
      normalised: () => {
        for (const p of payloads) referenceDecodeSpans(p);
      },
      pbjs: () => {
        for (const p of payloads) tracesData.decode(p);
      },
    },
    ms,
  );
  return {
    fast_spans_per_s: Math.round(fast * spansPerRound),
    bufbuild_spans_per_s: Math.round(bufbuild * spansPerRound),
    bufbuild_normalised_spans_per_s: Math.round(normalised * spansPerRound),
    protobufjs_spans_per_s: Math.round(pbjs * spansPerRound),
    ratio: Number((fast / bufbuild).toFixed(2)),
    ratio_protobufjs: Number((fast / pbjs).toFixed(2)),
  };
}
