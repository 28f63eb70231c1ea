import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { fastDecodeMetrics } from '../../../ingest/decode/fast-metrics.js';
import { jsonDecodeMetrics } from '../../../ingest/decode/json-metrics.js';
import {
  type AnyValue,
  AnyValueSchema,
  ArrayValueSchema,
  type KeyValue,
  KeyValueListSchema,
  KeyValueSchema,
} from '../../../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import { MetricsDataSchema } from '../../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import { referenceDecodeMetrics } from '../../support/decode/reference.js';
import { toOtlpJson } from './otlp-json.js';

const any = (value: AnyValue['value']): AnyValue => create(AnyValueSchema, { value });
const kv = (key: string, value?: AnyValue): KeyValue =>
  create(KeyValueSchema, value ? { key, value } : { key });

describe('attribute values', () => {
  const attributes = [
    kv('s', any({ case: 'stringValue', value: 'x' })),
    kv('b', any({ case: 'boolValue', value: true })),
    kv('i', any({ case: 'intValue', value: -42n })),
    kv('d', any({ case: 'doubleValue', value: 0.25 })),
    kv('bytes', any({ case: 'bytesValue', value: new Uint8Array([0xde, 0xad]) })),
    kv(
      'arr',
      any({
        case: 'arrayValue',
        value: create(ArrayValueSchema, {
          values: [
            any({ case: 'intValue', value: 1n }),
            any({ case: 'doubleValue', value: Number.NaN }),
            any({ case: undefined }),
            any({ case: 'bytesValue', value: new Uint8Array([1]) }),
          ],
        }),
      }),
    ),
    kv(
      'map',
      any({
        case: 'kvlistValue',
        value: create(KeyValueListSchema, {
          values: [
            kv('k', any({ case: 'stringValue', value: 'v' })),
            kv('k', any({ case: 'boolValue', value: false })),
          ],
        }),
      }),
    ),
    kv('empty'),
    kv('__proto__', any({ case: 'stringValue', value: 'own property' })),
  ];
  const data = create(MetricsDataSchema, {
    resourceMetrics: [
      {
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'm',
                data: {
                  case: 'gauge',
                  value: { dataPoints: [{ attributes, value: { case: 'asInt', value: 9007199254740993n } }] },
                },
              },
            ],
          },
        ],
      },
    ],
  });

  it('are normalised to the documented forms, identically on every path', () => {
    const bytes = toBinary(MetricsDataSchema, data);
    const [point] = fastDecodeMetrics(bytes);
    const expected: Record<string, unknown> = {
      s: 'x',
      b: true,
      i: -42,
      d: 0.25,
      bytes: 'dead',
      arr: '[1,null,null,"01"]',
      map: '{"k":false}',
    };
    Object.defineProperty(expected, '__proto__', { value: 'own property', enumerable: true });
    expect(point!.attributes).toEqual(expected);
    expect(Object.hasOwn(point!.attributes, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(point!.attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(point!.attributes, 'empty')).toBe(false);
    expect(point!.value).toBe(Number(9007199254740993n));
    expect(point!.service).toBe('unknown_service');
    expect(referenceDecodeMetrics(bytes)).toEqual([point]);
    expect(jsonDecodeMetrics(toOtlpJson(MetricsDataSchema, data))).toEqual([point]);
  });
});
