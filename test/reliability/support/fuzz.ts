import { toBinary } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { decodeMetrics, decodeSpans, type OtlpEncoding } from '../../../ingest/decode/index.js';
import { metricProblem, spanProblem, validateRecords } from '../../../ingest/validate.js';
import { MetricsDataSchema } from '../../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import { TracesDataSchema } from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { metricsData } from '../../ingest/decode/metric-arbitraries.js';
import { toOtlpJson } from '../../ingest/decode/otlp-json.js';
import { tracesData } from '../../ingest/decode/trace-arbitraries.js';

export type Signal = 'traces' | 'metrics';

/** Bytes damaged the ways transports and buggy exporters damage them. */
function mutated(valid: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    // truncated
    fc
      .tuple(valid, fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([b, f]) => b.subarray(0, Math.floor(b.length * f))),
    // bytes flipped
    fc
      .tuple(
        valid,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
      )
      .map(([b, flips]) => {
        const out = Uint8Array.from(b);
        for (const [at, x] of flips) if (out.length > 0) out[at % out.length]! ^= x;
        return out;
      }),
    // junk spliced in
    fc.tuple(valid, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([b, at, junk]) => {
      const cut = b.length === 0 ? 0 : at % b.length;
      return Uint8Array.from([...b.subarray(0, cut), ...junk, ...b.subarray(cut)]);
    }),
  );
}

const protoOf = (signal: Signal): fc.Arbitrary<Uint8Array> =>
  signal === 'traces'
    ? tracesData.map((m) => toBinary(TracesDataSchema, m))
    : metricsData.map((m) => toBinary(MetricsDataSchema, m));

const jsonOf = (signal: Signal): fc.Arbitrary<Uint8Array> =>
  signal === 'traces'
    ? tracesData.map((m) => toOtlpJson(TracesDataSchema, m))
    : metricsData.map((m) => toOtlpJson(MetricsDataSchema, m));

const encoder = new TextEncoder();

/** Deeply nested arrays or objects: a recursive decoder would run out of stack. */
const deepJson = fc
  .tuple(fc.integer({ min: 1000, max: 100_000 }), fc.boolean())
  .map(([depth, objects]) =>
    encoder.encode(
      objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`,
    ),
  );

/**
 * Payloads of one signal and encoding: valid ones, damaged ones, and noise (random bytes;
 * for JSON also random JSON documents, OTLP-shaped documents with wrong types, and deep nesting).
 */
export function payloads(signal: Signal, encoding: OtlpEncoding): fc.Arbitrary<Uint8Array> {
  if (encoding === 'otlp_proto') {
    const valid = protoOf(signal);
    return fc.oneof(valid, mutated(valid), fc.uint8Array({ maxLength: 2048 }));
  }
  const valid = jsonOf(signal);
  const key = signal === 'traces' ? 'resourceSpans' : 'resourceMetrics';
  return fc.oneof(
    valid,
    mutated(valid),
    fc.json({ maxDepth: 6 }).map((t) => encoder.encode(t)),
    fc.jsonValue({ maxDepth: 5 }).map((v) => encoder.encode(JSON.stringify({ [key]: v }))),
    fc
      .jsonValue({ maxDepth: 4 })
      .map((v) =>
        encoder.encode(
          JSON.stringify({ [key]: [{ resource: v, scopeSpans: [{ spans: [v] }], scopeMetrics: [v] }] }),
        ),
      ),
    fc.constant(encoder.encode('')),
    deepJson,
  );
}

/**
 * What the engine must make of a payload, decided independently of it: `dead` when the
 * decoder refuses it (a dead letter on Kafka, 400 over HTTP), else the records it keeps.
 */
export function verdict(
  bytes: Uint8Array,
  signal: Signal,
  encoding: OtlpEncoding,
): { dead: boolean; records: number } {
  try {
    const records =
      signal === 'traces'
        ? validateRecords(decodeSpans(bytes, encoding), spanProblem).accepted.length
        : validateRecords(decodeMetrics(bytes, encoding), metricProblem).accepted.length;
    return { dead: false, records };
  } catch {
    return { dead: true, records: 0 };
  }
}

/**
 * Runs an async property and fails with a short message (seed, path, the error) instead of
 * fast-check's report, which prints the whole counterexample: megabytes for a deep document.
 */
export async function checkProperty<T>(
  arb: fc.Arbitrary<T>,
  run: (value: T) => Promise<void>,
  numRuns: number,
  seed: number,
) {
  const out = await fc.check(fc.asyncProperty(arb, run), { numRuns, seed, endOnFailure: true });
  if (out.failed) {
    const err = String(out.errorInstance ?? 'failed').slice(0, 500);
    throw new Error(
      `property failed after ${out.numRuns} runs (seed ${out.seed}, path ${out.counterexamplePath}): ${err}`,
    );
  }
}
