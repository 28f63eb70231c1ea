/**
 * How an OTLP `AnyValue` becomes an {@link AttrValue}. Every decoding path (fast proto,
 * reference proto, JSON) goes through these rules so that they produce identical records:
 *
 * - string, bool and double stay as they are; int64 becomes a number (`Number(int64)`,
 *   precision lost beyond 2^53);
 * - bytes become their lowercase hex string;
 * - arrays and key-value lists become `JSON.stringify` of their plain form, where arrays are
 *   JSON arrays, key-value lists are JSON objects (a repeated key keeps its last value),
 *   bytes are hex strings, an empty AnyValue is `null`, and non-finite doubles are `null`
 *   (as JSON.stringify writes them);
 * - an attribute whose AnyValue is empty (no member set) is dropped;
 * - a string (or composite's JSON text) longer than `MAX_ATTRIBUTE_VALUE_LENGTH` is cut to it.
 */
import type { AttrValue } from '../records.js';
import { boundedValue } from './value-bounds.js';

/** An AnyValue in plain JavaScript form, before composite values are stringified. */
export type PlainValue = string | number | boolean | null | PlainValue[] | PlainObject;

export interface PlainObject {
  [key: string]: PlainValue;
}

/** Sets an own enumerable property, also for the key `__proto__`. */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** A plain value as an attribute value: composites become their JSON text. */
export function toAttrValue(plain: PlainValue): AttrValue | undefined {
  if (plain === null) return undefined;
  if (typeof plain === 'object') return boundedValue(JSON.stringify(plain));
  return typeof plain === 'string' ? boundedValue(plain) : plain;
}
