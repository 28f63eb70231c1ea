import { toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSpans } from '../../ingest/decode/index.js';
import type { SpanRecord } from '../../ingest/records.js';
import { spanProblem } from '../../ingest/validate.js';
import { TracesDataSchema } from '../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { span } from '../support/records.js';
import { toOtlpJson } from './decode/otlp-json.js';
import { tracesData } from './decode/trace-arbitraries.js';

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Decoded spans, or none when the decoder refuses the bytes. */
function decoded(bytes: Uint8Array, encoding: 'otlp_proto' | 'otlp_json'): SpanRecord[] {
  try {
    return decodeSpans(bytes, encoding);
  } catch {
    return [];
  }
}

describe('span ids', () => {
  // spanProblem checks only lengths and zero ids: it relies on this.
  it('come out of every decoder as lowercase hex, whatever the input held', () => {
    const damaged = fc
      .tuple(
        tracesData.map((t) => toBinary(TracesDataSchema, t)),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
      )
      .map(([b, flips]) => {
        const out = Uint8Array.from(b);
        for (const [at, x] of flips) if (out.length > 0) out[at % out.length]! ^= x;
        return out;
      });
    const json = fc.tuple(tracesData, fc.boolean()).map(([t, upperHex]) =>
      toOtlpJson(TracesDataSchema, t, {
        upperHex,
        protoNames: false,
        enumNumbers: false,
        safeIntsAsNumbers: false,
      }),
    );
    const ids = (spans: SpanRecord[]) =>
      spans.flatMap((s) => [
        s.traceId,
        s.spanId,
        s.parentSpanId,
        ...s.links.flatMap((l) => [l.traceId, l.spanId]),
      ]);
    fc.assert(
      fc.property(damaged, json, (proto, text) => {
        for (const id of [...ids(decoded(proto, 'otlp_proto')), ...ids(decoded(text, 'otlp_json'))]) {
          expect(id).toMatch(HEX);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('are refused when of the wrong length or all zero', () => {
    const ok = span('checkout', 1_000);
    expect(spanProblem(ok)).toBeUndefined();
    expect(spanProblem({ ...ok, traceId: ok.traceId.slice(2) })).toBe('invalid trace id');
    expect(spanProblem({ ...ok, traceId: '0'.repeat(32) })).toBe('invalid trace id');
    expect(spanProblem({ ...ok, spanId: `${ok.spanId}00` })).toBe('invalid span id');
    expect(spanProblem({ ...ok, spanId: '0'.repeat(16) })).toBe('invalid span id');
    expect(spanProblem({ ...ok, parentSpanId: 'ab' })).toBe('invalid parent span id');
    expect(spanProblem({ ...ok, endNs: ok.startNs - 1n })).toBe('span ends before it starts');
  });
});
