import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { fastDecodeSpans } from '../../../ingest/decode/fast-spans.js';
import { decodeSpans } from '../../../ingest/decode/index.js';
import { jsonDecodeSpans } from '../../../ingest/decode/json-spans.js';
import type { SpanRecord } from '../../../ingest/records.js';
import {
  type AnyValue,
  AnyValueSchema,
  ArrayValueSchema,
  type KeyValue,
  KeyValueListSchema,
  KeyValueSchema,
} from '../../../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import { TracesDataSchema } from '../../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { referenceDecodeSpans } from '../../support/decode/reference.js';
import { toOtlpJson } from './otlp-json.js';
import { attr, cat, field, intAttr, str, varint } from './wire-bytes.js';

const any = (value: AnyValue['value']): AnyValue => create(AnyValueSchema, { value });
const kv = (key: string, value?: AnyValue): KeyValue =>
  create(KeyValueSchema, value ? { key, value } : { key });
const s = (key: string, value: string): KeyValue => kv(key, any({ case: 'stringValue', value }));
const i = (key: string, value: number): KeyValue => kv(key, any({ case: 'intValue', value: BigInt(value) }));

interface SpanSpec {
  attributes: KeyValue[];
  events?: KeyValue[];
  links?: KeyValue[];
}

/** One resource (with `resource` attributes) holding one span per spec. */
function traces(specs: SpanSpec[], resource: KeyValue[] = [s('service.name', 'checkout')]) {
  return create(TracesDataSchema, {
    resourceSpans: [
      {
        resource: { attributes: resource },
        scopeSpans: [
          {
            scope: { name: 'lib', attributes: [s('http.route', '/from-scope')] },
            spans: specs.map((spec, n) => ({
              traceId: new Uint8Array(16).fill(0xab),
              spanId: new Uint8Array(8).fill(n + 1),
              name: `span-${n}`,
              kind: 2,
              attributes: spec.attributes,
              events: spec.events ? [{ name: 'e', attributes: spec.events }] : [],
              links: spec.links
                ? [{ traceId: new Uint8Array(16), spanId: new Uint8Array(8), attributes: spec.links }]
                : [],
            })),
          },
        ],
      },
    ],
  });
}

/**
 * Decodes with every path (fast protobuf through decodeSpans, the reference, OTLP/JSON through
 * decodeSpans), checks that they agree, and returns the records.
 */
function decodeAll(specs: SpanSpec[], keys?: Iterable<string>, resource?: KeyValue[]): SpanRecord[] {
  const data = traces(specs, resource);
  const bytes = toBinary(TracesDataSchema, data);
  const options = keys === undefined ? undefined : { spanAttributes: new Set(keys) };
  const fast = decodeSpans(bytes, 'otlp_proto', options);
  expect(fast).toEqual(referenceDecodeSpans(bytes, options));
  expect(decodeSpans(toOtlpJson(TracesDataSchema, data), 'otlp_json', options)).toEqual(fast);
  return fast;
}

const checkout: SpanSpec = {
  attributes: [
    s('http.route', '/checkout'),
    s('http.request.method', 'POST'),
    i('http.response.status_code', 503),
  ],
};

describe('spanAttributes: extra span attributes kept by key', () => {
  it('keeps a requested key that the span has', () => {
    const [rec] = decodeAll([checkout], ['http.route']);
    expect(rec?.attributes).toEqual({ 'http.route': '/checkout' });
  });

  it('keeps only the requested keys, in every span that has them', () => {
    const records = decodeAll(
      [checkout, { attributes: [s('http.route', '/cart')] }, { attributes: [s('url.path', '/x')] }],
      ['http.route', 'http.request.method'],
    );
    expect(records.map((r) => r.attributes)).toEqual([
      { 'http.route': '/checkout', 'http.request.method': 'POST' },
      { 'http.route': '/cart' },
      undefined,
    ]);
  });

  it('leaves the property absent when the span has none of the requested keys', () => {
    const [rec] = decodeAll([checkout], ['no.such.key', 'http.target']);
    expect(rec).toBeDefined();
    expect('attributes' in rec!).toBe(false);
  });

  it('leaves the property absent when nothing is requested (no options, or an empty set)', () => {
    for (const keys of [undefined, []]) {
      const [rec] = decodeAll([checkout], keys);
      expect('attributes' in rec!).toBe(false);
      expect(rec).toMatchObject({ httpStatus: 503 });
    }
  });

  it('does not change the other fields', () => {
    const spans = [checkout, { attributes: [s('rpc.system', 'grpc'), i('rpc.grpc.status_code', 14)] }];
    const plain = decodeAll(spans);
    const withKeys = decodeAll(spans, ['http.route', 'rpc.system']);
    expect(withKeys.map(({ attributes: _, ...rest }) => rest)).toEqual(plain);
  });

  it('keeps a semantic-convention key that is requested explicitly, and still fills its field', () => {
    const [rec] = decodeAll([checkout], ['http.response.status_code', 'http.route']);
    expect(rec).toMatchObject({
      httpStatus: 503,
      attributes: { 'http.response.status_code': 503, 'http.route': '/checkout' },
    });
  });

  it('keeps the raw value of a semantic-convention key even when the field cannot use it', () => {
    const [rec] = decodeAll(
      [{ attributes: [s('http.response.status_code', 'n/a'), i('http.status_code', 404)] }],
      ['http.response.status_code'],
    );
    expect(rec).toMatchObject({ httpStatus: 404, attributes: { 'http.response.status_code': 'n/a' } });
  });

  it('lets the last of a repeated key win, skipping later ones without a value', () => {
    const [rec] = decodeAll(
      [
        {
          attributes: [
            s('http.route', '/first'),
            s('http.response.status_code', '500'),
            s('http.route', '/second'),
            kv('http.route'),
            kv('http.route', any({ case: undefined })),
            i('http.response.status_code', 502),
          ],
        },
      ],
      ['http.route', 'http.response.status_code'],
    );
    expect(rec).toMatchObject({
      httpStatus: 502,
      attributes: { 'http.route': '/second', 'http.response.status_code': 502 },
    });
  });

  it('drops a requested attribute that has no value', () => {
    const [rec] = decodeAll(
      [{ attributes: [kv('http.route'), kv('k', any({ case: undefined }))] }],
      ['http.route', 'k'],
    );
    expect('attributes' in rec!).toBe(false);
  });

  it('normalises values like every other attribute', () => {
    const [rec] = decodeAll(
      [
        {
          attributes: [
            s('s', 'x'),
            kv('b', any({ case: 'boolValue', value: true })),
            i('i', -42),
            kv('big', any({ case: 'intValue', value: 9007199254740993n })),
            kv('d', any({ case: 'doubleValue', value: 0.25 })),
            kv('bytes', any({ case: 'bytesValue', value: new Uint8Array([0xde, 0xad]) })),
            kv(
              'arr',
              any({
                case: 'arrayValue',
                value: create(ArrayValueSchema, {
                  values: [any({ case: 'intValue', value: 1n }), any({ case: 'stringValue', value: 'a' })],
                }),
              }),
            ),
            kv(
              'map',
              any({
                case: 'kvlistValue',
                value: create(KeyValueListSchema, { values: [s('k', 'v'), i('k', 2)] }),
              }),
            ),
          ],
        },
      ],
      ['s', 'b', 'i', 'big', 'd', 'bytes', 'arr', 'map'],
    );
    expect(rec?.attributes).toEqual({
      s: 'x',
      b: true,
      i: -42,
      big: 9007199254740992,
      d: 0.25,
      bytes: 'dead',
      arr: '[1,"a"]',
      map: '{"k":2}',
    });
  });

  it('reads span attributes only: never resource, scope, event or link attributes', () => {
    const [rec] = decodeAll(
      [{ attributes: [], events: [i('attempt', 2)], links: [s('messaging.operation', 'receive')] }],
      ['service.name', 'service.version', 'http.route', 'attempt', 'messaging.operation'],
      [s('service.name', 'checkout'), s('service.version', '1.4.2')],
    );
    expect(rec?.service).toBe('checkout');
    expect('attributes' in rec!).toBe(false);
  });

  it('keeps keys that need care in a plain object: __proto__, constructor, the empty key', () => {
    const [rec] = decodeAll(
      [{ attributes: [s('__proto__', 'p'), s('constructor', 'c'), s('', 'empty')] }],
      ['__proto__', 'constructor', ''],
    );
    expect(Object.keys(rec!.attributes!).sort()).toEqual(['', '__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(rec!.attributes, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(rec!.attributes)).toBe(Object.prototype);
  });

  it('matches non-ASCII keys by their UTF-8 bytes', () => {
    const [rec] = decodeAll(
      [
        {
          attributes: [s('größe', 'L'), s('größer', 'XL'), s('\u{1F600}.key', 'smile'), s('\uFEFFbom', 'b')],
        },
      ],
      ['größe', '\u{1F600}.key', '\uFEFFbom'],
    );
    expect(rec?.attributes).toEqual({ größe: 'L', '\u{1F600}.key': 'smile', '\uFEFFbom': 'b' });
  });

  it('never matches a requested key with a lone surrogate (no UTF-8 key decodes to one)', () => {
    // TextEncoder would turn '\uD800' into U+FFFD: the fast matcher must not match that key.
    const [rec] = decodeAll([{ attributes: [s('\uFFFD', 'replacement')] }], ['\uD800']);
    expect('attributes' in rec!).toBe(false);
  });

  it('shares a decoded value between spans that repeat it, and tells apart values that differ', () => {
    const methods = ['GET', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'GET', 'POST'];
    const records = decodeAll(
      methods.map((m, n) => ({
        attributes: [s('http.request.method', m), i('n', n), s('http.route', `/r/${n % 3}`)],
      })),
      ['http.request.method', 'n', 'http.route'],
    );
    expect(records.map((r) => r.attributes)).toEqual(
      methods.map((m, n) => ({ 'http.request.method': m, n, 'http.route': `/r/${n % 3}` })),
    );
  });

  it('decodes every value of a key whose values rarely repeat (past the cache probation)', () => {
    const n = 300;
    const records = decodeAll(
      Array.from({ length: n }, (_, k) => ({
        attributes: [
          s('url.path', `/orders/${k}`),
          s('http.route', '/orders/:id'),
          s('long', 'x'.repeat(60 + (k % 9))),
        ],
      })),
      ['url.path', 'http.route', 'long'],
    );
    expect(records.map((r) => r.attributes)).toEqual(
      Array.from({ length: n }, (_, k) => ({
        'url.path': `/orders/${k}`,
        'http.route': '/orders/:id',
        long: 'x'.repeat(60 + (k % 9)),
      })),
    );
  });

  it('uses the set as it is at each call, also when it changed since an earlier call', () => {
    const bytes = toBinary(TracesDataSchema, traces([checkout]));
    const keys = new Set(['http.route']);
    expect(fastDecodeSpans(bytes, { spanAttributes: keys })[0]?.attributes).toEqual({
      'http.route': '/checkout',
    });
    keys.add('http.request.method');
    expect(fastDecodeSpans(bytes, { spanAttributes: keys })[0]?.attributes).toEqual({
      'http.route': '/checkout',
      'http.request.method': 'POST',
    });
    keys.delete('http.route');
    expect(fastDecodeSpans(bytes, { spanAttributes: keys })[0]?.attributes).toEqual({
      'http.request.method': 'POST',
    });
    keys.clear();
    expect('attributes' in fastDecodeSpans(bytes, { spanAttributes: keys })[0]!).toBe(false);
  });

  it('accepts the snake_case spelling and integer strings in OTLP/JSON', () => {
    const json = JSON.stringify({
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                {
                  trace_id: 'AB'.repeat(16),
                  span_id: '01'.repeat(8),
                  attributes: [
                    { key: 'http.route', value: { string_value: '/checkout' } },
                    { key: 'retries', value: { int_value: '3' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const [rec] = jsonDecodeSpans(new TextEncoder().encode(json), {
      spanAttributes: new Set(['http.route', 'retries']),
    });
    expect(rec?.attributes).toEqual({ 'http.route': '/checkout', retries: 3 });
  });
});

describe('spanAttributes on hand-built protobuf', () => {
  const TRACE = new Uint8Array(16).fill(0xab);
  const SPAN = new Uint8Array(8).fill(0x01);
  const wrap = (...spanFields: Uint8Array[]) =>
    field(1, field(2, field(2, field(1, TRACE), field(2, SPAN), str(5, 'op'), varint(6, 2), ...spanFields)));
  const both = (bytes: Uint8Array, keys: string[]): SpanRecord => {
    const options = { spanAttributes: new Set(keys) };
    const fast = fastDecodeSpans(bytes, options);
    expect(fast).toEqual(referenceDecodeSpans(bytes, options));
    return fast[0]!;
  };

  it('reads a KeyValue whose value precedes its key', () => {
    const bytes = wrap(field(9, cat(field(2, str(1, '/checkout')), str(1, 'http.route'))));
    expect(both(bytes, ['http.route']).attributes).toEqual({ 'http.route': '/checkout' });
  });

  it('treats a KeyValue without a key field as the empty key', () => {
    const bytes = wrap(field(9, field(2, str(1, 'no key'))), field(9, attr('other', 'x')));
    expect(both(bytes, ['']).attributes).toEqual({ '': 'no key' });
    expect('attributes' in both(bytes, ['other.key'])).toBe(false);
  });

  it('lets the last of repeated key fields in one KeyValue name it (proto3 semantics)', () => {
    const bytes = wrap(field(9, cat(str(1, 'first'), field(2, str(1, 'v')), str(1, 'http.route'))));
    expect(both(bytes, ['first', 'http.route']).attributes).toEqual({ 'http.route': 'v' });
  });

  it('keeps the last value of a key repeated across attributes', () => {
    const bytes = wrap(field(9, intAttr('n', 1)), field(9, attr('n', 'two')), field(9, intAttr('n', 3)));
    expect(both(bytes, ['n']).attributes).toEqual({ n: 3 });
  });
});
