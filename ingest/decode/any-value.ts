/** Generated-code AnyValue / KeyValue lists to attribute values (rules in attr-value.ts). */
import type { AnyValue, KeyValue } from '../../schemas/gen/opentelemetry/proto/common/v1/common_pb.js';
import type { AttrValue } from '../records.js';
import { type PlainObject, type PlainValue, setOwn, toAttrValue } from './attr-value.js';
import { bytesToHex } from './hex.js';

export function plainOf(v: AnyValue | undefined): PlainValue {
  const value = v?.value;
  switch (value?.case) {
    case 'stringValue':
    case 'boolValue':
    case 'doubleValue':
      return value.value;
    case 'intValue':
      return Number(value.value);
    case 'bytesValue':
      return bytesToHex(value.value);
    case 'arrayValue':
      return value.value.values.map(plainOf);
    case 'kvlistValue': {
      const obj: PlainObject = {};
      for (const kv of value.value.values) setOwn(obj, kv.key, plainOf(kv.value));
      return obj;
    }
    default:
      return null;
  }
}

/** The attribute value of an AnyValue; undefined when it is empty. */
export function attrOf(v: AnyValue | undefined): AttrValue | undefined {
  return toAttrValue(plainOf(v));
}

/** The value of the last attribute named `key` that has a value. */
export function lastAttr(attrs: readonly KeyValue[], key: string): AttrValue | undefined {
  for (let i = attrs.length - 1; i >= 0; i--) {
    const kv = attrs[i]!;
    if (kv.key !== key) continue;
    const v = attrOf(kv.value);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** All attributes with a value, as a record (a repeated key keeps its last value). */
export function attrRecord(attrs: readonly KeyValue[]): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const kv of attrs) {
    const v = attrOf(kv.value);
    if (v !== undefined) setOwn(out, kv.key, v);
  }
  return out;
}
