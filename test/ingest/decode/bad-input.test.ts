import { toBinary } from '@bufbuild/protobuf';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCode } from '../../../core/faultline-error.js';
import { fastDecodeMetrics } from '../../../ingest/decode/fast-metrics.js';
import { fastDecodeSpans } from '../../../ingest/decode/fast-spans.js';
import { decodeMetrics, decodeSpans, type OtlpEncoding } from '../../../ingest/decode/index.js';
import { jsonDecodeMetrics } from '../../../ingest/decode/json-metrics.js';
import { jsonDecodeSpans } from '../../../ingest/decode/json-spans.js';
import { DecodeError } from '../../../ingest/errors.js';
import { MetricsDataSchema } from '../../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import { TracesDataSchema } from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { referenceDecodeMetrics, referenceDecodeSpans } from '../../support/decode/reference.js';
import { metricsData } from './metric-arbitraries.js';
import { makeSdkSpans } from './sdk-telemetry.js';
import { tracesData } from './trace-arbitraries.js';
import { attr, cat, field, str, varint } from './wire-bytes.js';

const DECODE = 'FL_INGEST_DECODE';

/** The error `fn` throws (fails the test when it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the decoder to throw');
}

function expectDecodeError(fn: () => unknown, reason?: string): void {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(DecodeError);
  expect((err as DecodeError).code).toBe(DECODE);
  if (reason !== undefined) expect((err as DecodeError).details.reason).toBe(reason);
}

/** Decoding either returns records or throws DecodeError; never anything else. */
function recordsOrDecodeError(fn: () => unknown[]): void {
  try {
    expect(Array.isArray(fn())).toBe(true);
  } catch (err) {
    if (!hasCode(err, DECODE)) throw err;
  }
}

const protoDecoders = [
  ['fast spans', fastDecodeSpans],
  ['fast metrics', fastDecodeMetrics],
  ['reference spans', referenceDecodeSpans],
  ['reference metrics', referenceDecodeMetrics],
] as const;

describe('empty payloads', () => {
  it.each(protoDecoders)('%s: empty protobuf bytes are a valid empty message', (_name, decode) => {
    expect(decode(new Uint8Array(0))).toEqual([]);
  });

  it('decodeSpans / decodeMetrics: empty otlp_proto gives no records', () => {
    expect(decodeSpans(new Uint8Array(0), 'otlp_proto')).toEqual([]);
    expect(decodeMetrics(new Uint8Array(0), 'otlp_proto')).toEqual([]);
  });

  it.each(['', '  \n'])('empty JSON (%j) is a DecodeError', (text) => {
    const bytes = new TextEncoder().encode(text);
    expectDecodeError(() => decodeSpans(bytes, 'otlp_json'), 'empty payload');
    expectDecodeError(() => decodeMetrics(bytes, 'otlp_json'), 'empty payload');
  });

  it('an empty JSON object is a valid empty request', () => {
    const bytes = new TextEncoder().encode('{}');
    expect(decodeSpans(bytes, 'otlp_json')).toEqual([]);
    expect(decodeMetrics(bytes, 'otlp_json')).toEqual([]);
  });
});

describe('truncated payloads', () => {
  let proto: Uint8Array;
  let json: Uint8Array;

  beforeAll(async () => {
    // One service only: the whole payload is then a single top-level field, so every
    // proper prefix is cut inside it.
    const { spans } = await makeSdkSpans();
    const checkout = spans.filter((s) => s.resource.attributes['service.name'] === 'checkout');
    proto = ProtobufTraceSerializer.serializeRequest(checkout)!;
    json = JsonTraceSerializer.serializeRequest(checkout)!;
  });

  it('every proper prefix of a protobuf payload is a DecodeError', () => {
    expect(fastDecodeSpans(proto).length).toBeGreaterThan(0);
    for (let cut = 1; cut < proto.length; cut++) {
      const prefix = proto.subarray(0, cut);
      expectDecodeError(() => fastDecodeSpans(prefix));
      expectDecodeError(() => referenceDecodeSpans(prefix));
    }
  });

  it('a length prefix running past the end is reported as truncated', () => {
    expectDecodeError(() => fastDecodeSpans(proto.subarray(0, proto.length - 1)), 'truncated');
  });

  it('every proper prefix of a JSON payload is a DecodeError', () => {
    for (let cut = 1; cut < json.length; cut += 7) {
      expectDecodeError(() => jsonDecodeSpans(json.subarray(0, cut)));
    }
  });

  it('payloads in the wrong encoding are DecodeErrors', () => {
    expectDecodeError(() => decodeSpans(json, 'otlp_proto'));
    expectDecodeError(() => decodeMetrics(json, 'otlp_proto'));
    expectDecodeError(() => decodeSpans(proto, 'otlp_json'));
    expectDecodeError(() => decodeMetrics(proto, 'otlp_json'));
  });
});

describe('malformed protobuf', () => {
  const cases: Array<[string, Uint8Array, string]> = [
    ['resource_spans sent as a varint', new Uint8Array([0x08, 0x01]), 'invalid wire type'],
    ['wire type 6', new Uint8Array([0x0e, 0x00]), 'invalid wire type'],
    ['wire type 7', new Uint8Array([0x0f]), 'invalid wire type'],
    ['field number 0', new Uint8Array([0x02, 0x00]), 'invalid tag'],
    ['an unterminated varint', new Uint8Array([0xa0, 0x01, 0xff, 0xff]), 'truncated'],
    ['an 11-byte varint', new Uint8Array([0xa0, 0x06, ...new Array(10).fill(0xff), 0x01]), 'invalid varint'],
    ['a stray end-group tag', new Uint8Array([0xa4, 0x06]), 'invalid wire type'],
    ['an unterminated group', new Uint8Array([0xa3, 0x06, 0x08, 0x01]), 'truncated'],
  ];

  it.each(cases)('%s', (_name, bytes, reason) => {
    expectDecodeError(() => fastDecodeSpans(bytes), reason);
    expectDecodeError(() => fastDecodeMetrics(bytes));
  });

  it('a span name sent as a varint is a wire type error', () => {
    const bytes = field(1, field(2, field(2, varint(5, 7))));
    expectDecodeError(() => fastDecodeSpans(bytes), 'invalid wire type');
  });

  it('a known field the fast decoder skips is still wire-type checked', () => {
    // Span.flags is fixed32 (field 16); sent as a varint here.
    const bytes = field(1, field(2, field(2, varint(16, 1))));
    expectDecodeError(() => fastDecodeSpans(bytes), 'invalid wire type');
  });

  it('a sub-message running past its parent is malformed', () => {
    // ScopeSpans claims 2 bytes but its span field claims 5.
    const bytes = field(1, new Uint8Array([0x12, 0x02, 0x12, 0x05]));
    expectDecodeError(() => fastDecodeSpans(bytes));
  });

  it('invalid UTF-8 in a decoded string is a DecodeError', () => {
    const bad = cat(new Uint8Array([0x2a, 0x02, 0xc3, 0x28]));
    expectDecodeError(() => fastDecodeSpans(field(1, field(2, field(2, bad)))), 'invalid utf-8');
    expectDecodeError(() => referenceDecodeSpans(field(1, field(2, field(2, bad)))));
  });

  it('AnyValue nesting beyond the limit is a DecodeError, not a stack overflow', () => {
    let value = str(1, 'leaf');
    for (let i = 0; i < 200; i++) value = field(5, field(1, value));
    const kv = cat(str(1, 'http.response.status_code'), field(2, value));
    const bytes = field(1, field(2, field(2, field(9, kv))));
    expectDecodeError(() => fastDecodeSpans(bytes), 'nesting too deep');
    const metric = field(1, field(2, field(2, str(1, 'm'), field(5, field(1, field(7, kv))))));
    expectDecodeError(() => fastDecodeMetrics(metric), 'nesting too deep');
  });

  it('a histogram whose counts do not match its bounds is rejected by every decoder', () => {
    const point = cat(
      new Uint8Array([0x32, 0x08, 1, 0, 0, 0, 0, 0, 0, 0]),
      new Uint8Array([0x3a, 0x10]),
      new Uint8Array(16),
    );
    const bytes = field(
      1,
      field(1, field(1, attr('service.name', 's'))),
      field(2, field(2, str(1, 'h'), field(9, field(1, point)))),
    );
    expectDecodeError(() => fastDecodeMetrics(bytes), 'invalid histogram buckets');
    expectDecodeError(() => referenceDecodeMetrics(bytes), 'invalid histogram buckets');
    const json =
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":["1"],"explicitBounds":[1,2]}]}}]}]}]}';
    expectDecodeError(() => jsonDecodeMetrics(new TextEncoder().encode(json)), 'invalid histogram buckets');
  });
});

describe('malformed values of requested span attributes (spanAttributes)', () => {
  const options = { spanAttributes: new Set(['http.route']) };
  const span = (n: number, ...kvs: Uint8Array[]) =>
    field(
      2,
      field(1, new Uint8Array(16).fill(1)),
      field(2, new Uint8Array(8).fill(n)),
      ...kvs.map((kv) => field(9, kv)),
    );
  const traces = (...spans: Uint8Array[]) => field(1, field(2, ...spans));

  it('invalid UTF-8 in a requested value is a DecodeError, also after the same-length valid value', () => {
    const good = cat(str(1, 'http.route'), field(2, str(1, '/a(')));
    const bad = cat(str(1, 'http.route'), field(2, new Uint8Array([0x0a, 0x03, 0x2f, 0xc3, 0x28])));
    const bytes = traces(span(1, good), span(2, bad));
    expect(fastDecodeSpans(traces(span(1, good)), options)).toHaveLength(1);
    expectDecodeError(() => fastDecodeSpans(bytes, options), 'invalid utf-8');
    expectDecodeError(() => referenceDecodeSpans(bytes, options));
  });

  it('AnyValue nesting beyond the limit in a requested value is a DecodeError', () => {
    let value = str(1, 'leaf');
    for (let i = 0; i < 200; i++) value = field(5, field(1, value));
    const bytes = traces(span(1, cat(str(1, 'http.route'), field(2, value))));
    expectDecodeError(() => fastDecodeSpans(bytes, options), 'nesting too deep');
    expectDecodeError(() => decodeSpans(bytes, 'otlp_proto', options), 'nesting too deep');
  });

  it('valid payloads with random bytes overwritten: records or DecodeError, with keys requested', () => {
    const mutated = fc
      .tuple(
        tracesData.map((d) => toBinary(TracesDataSchema, d)),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.shuffledSubarray(['http.route', '', '__proto__', 'rpc.system', 'a.b', '1', 'db.system']),
      )
      .map(([bytes, edits, keys]) => {
        const out = bytes.slice();
        for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value;
        return [out, { spanAttributes: new Set(keys) }] as const;
      });
    fc.assert(
      fc.property(mutated, ([bytes, opts]) => {
        recordsOrDecodeError(() => fastDecodeSpans(bytes, opts));
        recordsOrDecodeError(() => referenceDecodeSpans(bytes, opts));
      }),
      { numRuns: 500 },
    );
  });
});

describe('malformed JSON', () => {
  const enc = (text: string) => new TextEncoder().encode(text);
  const cases: Array<[string, string, string]> = [
    ['not JSON', '{"resourceSpans": [', 'invalid json'],
    ['a JSON array', '[]', 'not an object'],
    ['JSON null', 'null', 'not an object'],
    ['a JSON string', '"x"', 'not an object'],
    ['resourceSpans not an array', '{"resourceSpans": {}}', 'invalid field'],
    ['a span that is not an object', '{"resourceSpans":[{"scopeSpans":[{"spans":[1]}]}]}', 'invalid field'],
    [
      'a non-hex trace id',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz0"}]}]}]}',
      'invalid id',
    ],
    [
      'an odd-length span id',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"abc"}]}]}]}',
      'invalid id',
    ],
    [
      'a fractional timestamp',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":1.5}]}]}]}',
      'invalid field',
    ],
    [
      'a negative timestamp',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"endTimeUnixNano":"-1"}]}]}]}',
      'invalid field',
    ],
    [
      'a timestamp beyond uint64',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"endTimeUnixNano":"18446744073709551616"}]}]}]}',
      'invalid field',
    ],
    [
      'a name that is a number',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":5}]}]}]}',
      'invalid field',
    ],
    [
      'a kind that is an object',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":{}}]}]}]}',
      'invalid field',
    ],
    [
      'bad base64 bytes',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"db.system","value":{"bytesValue":"!!"}}]}]}]}]}',
      'invalid field',
    ],
  ];

  it.each(cases)('%s', (_name, text, reason) => {
    expectDecodeError(() => jsonDecodeSpans(enc(text)), reason);
  });

  it('invalid UTF-8 is a DecodeError', () => {
    expectDecodeError(() => jsonDecodeSpans(new Uint8Array([0x7b, 0xff, 0x7d])), 'invalid utf-8');
    expectDecodeError(() => jsonDecodeMetrics(new Uint8Array([0x7b, 0xff, 0x7d])), 'invalid utf-8');
  });

  it('metrics: a data point value of the wrong type', () => {
    const text =
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"dataPoints":[{"asInt":"1.5"}]}}]}]}]}';
    expectDecodeError(() => jsonDecodeMetrics(enc(text)), 'invalid field');
  });

  it('accepts enum names, snake_case fields, numbers for 64-bit ints and unknown enum names', () => {
    const text = JSON.stringify({
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'svc' } }] },
          scope_spans: [
            {
              spans: [
                {
                  trace_id: 'AB'.repeat(16),
                  span_id: '0a'.repeat(8),
                  kind: 'SPAN_KIND_PRODUCER',
                  start_time_unix_nano: 1700000000000000000,
                  end_time_unix_nano: '1700000000000000001',
                  status: { code: 'STATUS_CODE_SOMETHING_NEW' },
                  attributes: [{ key: 'rpc.grpc.status_code', value: { int_value: 3 } }],
                  unknownField: { anything: true },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(jsonDecodeSpans(enc(text))).toEqual([
      {
        traceId: 'ab'.repeat(16),
        spanId: '0a'.repeat(8),
        parentSpanId: '',
        service: 'svc',
        kind: 'producer',
        name: '',
        startNs: 1700000000000000000n,
        endNs: 1700000000000000001n,
        status: 'unset',
        rpcStatus: 3,
        links: [],
      },
    ]);
  });
});

describe('never anything but records or DecodeError', () => {
  it('random bytes, to every protobuf decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const [, decode] of protoDecoders) recordsOrDecodeError(() => decode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('valid payloads with random bytes overwritten, to every protobuf decoder', () => {
    const mutated = fc
      .tuple(
        fc.oneof(
          tracesData.map((d) => toBinary(TracesDataSchema, d)),
          metricsData.map((d) => toBinary(MetricsDataSchema, d)),
        ),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
      )
      .map(([bytes, edits]) => {
        const out = bytes.slice();
        for (const [at, value] of edits) if (out.length > 0) out[at % out.length] = value;
        return out;
      });
    fc.assert(
      fc.property(mutated, (bytes) => {
        for (const [, decode] of protoDecoders) recordsOrDecodeError(() => decode(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('random text and random JSON values, to the JSON decoders', () => {
    const payload = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [v] }] }] })),
      fc.jsonValue().map((v) =>
        JSON.stringify({
          resourceMetrics: [{ scopeMetrics: [{ metrics: [{ sum: { dataPoints: [v] } }] }] }],
        }),
      ),
    );
    fc.assert(
      fc.property(payload, (text) => {
        const bytes = new TextEncoder().encode(text);
        recordsOrDecodeError(() => jsonDecodeSpans(bytes));
        recordsOrDecodeError(() => jsonDecodeMetrics(bytes));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('unsupported encodings', () => {
  it('are FL_INGEST_UNSUPPORTED, not a decode error', () => {
    const err = thrown(() => decodeSpans(new Uint8Array(0), 'otlp_xml' as OtlpEncoding));
    expect(hasCode(err, 'FL_INGEST_UNSUPPORTED')).toBe(true);
  });
});
