/**
 * fast-check arbitraries of the OTLP building blocks, made with the generated schemas:
 * random ids (including empty and odd lengths), every AnyValue kind (nested), the
 * semantic-convention keys under both current and deprecated names with meaningful and junk
 * values, and unknown fields of every wire type sprinkled through the messages.
 */
import { create, type Message, type UnknownField } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { SPAN_ATTR_KEYS } from '../../../ingest/decode/semconv.js';
import {
  type AnyValue,
  AnyValueSchema,
  type KeyValue,
  KeyValueSchema,
} from '../../../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import { ResourceSchema } from '../../../schemas/gen/opentelemetry/proto/resource/v1/resource_pb.js';

export const U64_MAX = (1n << 64n) - 1n;
export const I64_MIN = -(1n << 63n);
export const I64_MAX = (1n << 63n) - 1n;

/** Unknown fields (numbers no OTLP message here defines) of every wire type. */
const unknownField: fc.Arbitrary<UnknownField> = fc.oneof(
  fc.record({ no: fc.integer({ min: 20, max: 999 }), n: fc.nat() }).map(({ no, n }) => ({
    no,
    wireType: WireType.Varint,
    data: new BinaryWriter().uint32(n).finish(),
  })),
  fc
    .record({ no: fc.integer({ min: 20, max: 999 }), b: fc.uint8Array({ minLength: 8, maxLength: 8 }) })
    .map(({ no, b }) => ({ no, wireType: WireType.Bit64, data: b })),
  fc
    .record({ no: fc.integer({ min: 20, max: 999 }), b: fc.uint8Array({ minLength: 4, maxLength: 4 }) })
    .map(({ no, b }) => ({ no, wireType: WireType.Bit32, data: b })),
  fc
    .record({ no: fc.integer({ min: 20, max: 999 }), b: fc.uint8Array({ maxLength: 12 }) })
    .map(({ no, b }) => ({
      no,
      wireType: WireType.LengthDelimited,
      data: new BinaryWriter().bytes(b).finish(),
    })),
  fc.record({ no: fc.integer({ min: 20, max: 999 }), n: fc.nat() }).map(({ no, n }) => ({
    // A group holding one varint field, closed by its end tag.
    no,
    wireType: WireType.StartGroup,
    data: new BinaryWriter().tag(1, WireType.Varint).uint32(n).tag(no, WireType.EndGroup).finish(),
  })),
);

const unknownFields = fc.array(unknownField, { maxLength: 2 });

/** Attaches unknown fields to a message (they are written after the known ones). */
export function withUnknown<T extends Message>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.tuple(arb, fc.option(unknownFields, { freq: 4 })).map(([msg, unknown]) => {
    if (unknown !== null && unknown.length > 0) msg.$unknown = unknown;
    return msg;
  });
}

/** Text: ASCII, Latin-1 range (non-ASCII in UTF-8) and any code point. */
export const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

/** Doubles without -0 (OTLP/JSON cannot carry the sign of zero). */
export const double = fc.double().map((d) => (Object.is(d, -0) ? 0 : d));

export const id = (size: number): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.uint8Array({ minLength: size, maxLength: size }) },
    { weight: 1, arbitrary: fc.constant(new Uint8Array(0)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 20 }) },
  );

function anyOf(value: AnyValue['value']): AnyValue {
  return create(AnyValueSchema, { value });
}

export const { anyValue } = fc.letrec<{ anyValue: AnyValue; arrayValue: AnyValue; kvlistValue: AnyValue }>(
  (tie) => ({
    anyValue: withUnknown(
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant(null).map(() => anyOf({ case: undefined })),
        text.map((value) => anyOf({ case: 'stringValue', value })),
        fc.boolean().map((value) => anyOf({ case: 'boolValue', value })),
        fc.bigInt({ min: I64_MIN, max: I64_MAX }).map((value) => anyOf({ case: 'intValue', value })),
        fc.integer({ min: -1000, max: 1000 }).map((n) => anyOf({ case: 'intValue', value: BigInt(n) })),
        double.map((value) => anyOf({ case: 'doubleValue', value })),
        fc.uint8Array({ maxLength: 10 }).map((value) => anyOf({ case: 'bytesValue', value })),
        tie('arrayValue'),
        tie('kvlistValue'),
      ),
    ),
    arrayValue: fc.array(tie('anyValue'), { maxLength: 3 }).map((values) =>
      anyOf({
        case: 'arrayValue',
        value: { $typeName: 'opentelemetry.proto.common.v1.ArrayValue', values },
      }),
    ),
    kvlistValue: fc.array(fc.tuple(attrKey(), tie('anyValue')), { maxLength: 3 }).map((pairs) =>
      anyOf({
        case: 'kvlistValue',
        value: {
          $typeName: 'opentelemetry.proto.common.v1.KeyValueList',
          values: pairs.map(([key, value]) => create(KeyValueSchema, { key, value })),
        },
      }),
    ),
  }),
);

function attrKey(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SPAN_ATTR_KEYS, 'service.name') },
    { weight: 3, arbitrary: text },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', '', '1', 'a.b') },
  );
}

/** Values that mean something to the semantic-convention parsers, and some that do not. */
const meaningfulValue: fc.Arbitrary<AnyValue> = fc.oneof(
  fc
    .constantFrom(
      'OK',
      'UNAVAILABLE',
      'unavailable',
      'Deadline_Exceeded',
      'DATA_LOSS',
      '14',
      '16',
      '17',
      '503',
      '200',
      '',
      ' 1',
      'x',
    )
    .map((value) => anyOf({ case: 'stringValue', value })),
  fc.integer({ min: -3, max: 600 }).map((n) => anyOf({ case: 'intValue', value: BigInt(n) })),
  fc.constantFrom(200, 200.5, 14, Number.NaN).map((value) => anyOf({ case: 'doubleValue', value })),
  fc.boolean().map((value) => anyOf({ case: 'boolValue', value })),
);

export const keyValue: fc.Arbitrary<KeyValue> = withUnknown(
  fc
    .record({
      key: attrKey(),
      value: fc.option(fc.oneof(anyValue, meaningfulValue), { freq: 10 }),
    })
    .map(({ key, value }) => create(KeyValueSchema, value === null ? { key } : { key, value })),
);

export const attributes = fc.array(keyValue, { maxLength: 8 });

export const resource = fc.option(
  withUnknown(
    fc
      .record({
        attributes,
        service: fc.option(fc.oneof(text, fc.constantFrom('checkout', '')), { freq: 3 }),
        dropped: fc.nat(),
      })
      .map(({ attributes, service, dropped }) =>
        create(ResourceSchema, {
          attributes:
            service === null
              ? attributes
              : [
                  ...attributes,
                  create(KeyValueSchema, {
                    key: 'service.name',
                    value: anyOf({ case: 'stringValue', value: service }),
                  }),
                ],
          droppedAttributesCount: dropped,
        }),
      ),
  ),
  { freq: 5 },
);

export const timestamp = fc.oneof(
  fc.bigInt({ min: 0n, max: U64_MAX }),
  fc.constant(0n),
  fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_900_000_000_000_000_000n }),
);

/** Enum numbers, including ones outside the enum (and negative ones). */
export const enumNumber = (max: number) =>
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max }) }, fc.integer({ min: -2, max: max + 3 }));
