/**
 * Readers for OTLP/JSON (the protobuf JSON mapping with OTLP's deviations): field names in
 * lowerCamelCase or the original snake_case; trace and span ids as hex strings; enums as
 * integers or value names; 64-bit integers as decimal strings or numbers; `bytesValue` as
 * base64; doubles as numbers or "NaN" / "Infinity" / "-Infinity" / numeric strings; `null`
 * means absent. Unknown fields are ignored, as OTLP requires. A field that is present with
 * the wrong type makes the payload undecodable.
 */
import { base64Decode } from '@bufbuild/protobuf/wire';
import type { AttrValue } from '../records.js';
import { type PlainObject, type PlainValue, setOwn, toAttrValue } from './attr-value.js';
import { fail } from './fail.js';
import { bytesToHex, isHex } from './hex.js';
import { MAX_DEPTH } from './wire.js';

export type JsonObject = { readonly [key: string]: unknown };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a JSON payload whose root must be an object. */
export function parseRoot(bytes: Uint8Array): JsonObject {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    fail('invalid utf-8');
  }
  if (text.trim() === '') fail('empty payload');
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    fail('invalid json');
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) fail('not an object');
  return root as JsonObject;
}

/** A field by its JSON name or its proto name; undefined when absent or null. */
export function field(obj: JsonObject, jsonName: string, protoName: string): unknown {
  const v = obj[jsonName] ?? obj[protoName];
  return v === null ? undefined : v;
}

export function asObject(v: unknown, name: string): JsonObject | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) fail('invalid field', { field: name, expected: 'object' });
  return v as JsonObject;
}

/** A repeated field: absent is empty; every element must be an object. */
export function asObjects(v: unknown, name: string): JsonObject[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail('invalid field', { field: name, expected: 'array' });
  for (const item of v) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail('invalid field', { field: name, expected: 'array of objects' });
    }
  }
  return v as JsonObject[];
}

export function asString(v: unknown, name: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string') fail('invalid field', { field: name, expected: 'string' });
  return v;
}

export function asBool(v: unknown, name: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') fail('invalid field', { field: name, expected: 'boolean' });
  return v;
}

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const INT_TEXT = /^-?[0-9]+$/;

function bigintOf(v: unknown, name: string, min: bigint, max: bigint): bigint {
  let n: bigint;
  if (typeof v === 'string' && INT_TEXT.test(v)) n = BigInt(v);
  else if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
  else fail('invalid field', { field: name, expected: 'integer' });
  if (n < min || n > max) fail('invalid field', { field: name, expected: 'integer in range' });
  return n;
}

/** A fixed64 / uint64 (timestamps): absent is 0n. */
export function asUint64(v: unknown, name: string): bigint {
  return v === undefined ? 0n : bigintOf(v, name, 0n, UINT64_MAX);
}

/** A fixed64 / uint64 count as a number (precision lost beyond 2^53). */
export function asUint64Number(v: unknown, name: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  return Number(asUint64(v, name));
}

/** An int64 / sfixed64 value as a number (precision lost beyond 2^53). */
export function asInt64Number(v: unknown, name: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  return Number(v === undefined ? 0n : bigintOf(v, name, INT64_MIN, INT64_MAX));
}

/** An int32 / sint32 value. */
export function asInt32(v: unknown, name: string): number {
  if (v === undefined) return 0;
  return Number(bigintOf(v, name, -(1n << 31n), (1n << 31n) - 1n));
}

const NUMBER_TEXT = /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

export function asDouble(v: unknown, name: string): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return Number.NaN;
    if (v === 'Infinity') return Number.POSITIVE_INFINITY;
    if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
    if (NUMBER_TEXT.test(v)) return Number(v);
  }
  fail('invalid field', { field: name, expected: 'number' });
}

/** An enum as a number or a value name; unknown names read as 0 (the unspecified value). */
export function asEnum(v: unknown, names: ReadonlyMap<string, number>, name: string): number {
  if (v === undefined) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') return names.get(v) ?? (INT_TEXT.test(v) ? Number(v) : 0);
  fail('invalid field', { field: name, expected: 'enum' });
}

/** A trace or span id: hex (either case) to lowercase hex; absent is ''. */
export function asHexId(v: unknown, name: string): string {
  if (v === undefined) return '';
  if (typeof v !== 'string' || !isHex(v)) fail('invalid id', { field: name });
  return v.toLowerCase();
}

const BASE64 = /^[A-Za-z0-9+/\-_]*={0,2}$/;

function hexOfBase64(v: unknown, name: string): string {
  if (typeof v !== 'string' || !BASE64.test(v)) fail('invalid field', { field: name, expected: 'base64' });
  try {
    return bytesToHex(base64Decode(v));
  } catch {
    fail('invalid field', { field: name, expected: 'base64' });
  }
}

/** An AnyValue in plain form (see attr-value.ts); null when no member is set. */
export function plainOfJson(v: unknown, depth: number): PlainValue {
  if (depth > MAX_DEPTH) fail('nesting too deep');
  const o = asObject(v, 'value');
  if (o === undefined) return null;
  let x = field(o, 'stringValue', 'string_value');
  if (x !== undefined) return asString(x, 'stringValue');
  x = field(o, 'boolValue', 'bool_value');
  if (x !== undefined) return asBool(x, 'boolValue');
  x = field(o, 'intValue', 'int_value');
  if (x !== undefined) return asInt64Number(x, 'intValue');
  x = field(o, 'doubleValue', 'double_value');
  if (x !== undefined) return asDouble(x, 'doubleValue');
  x = field(o, 'arrayValue', 'array_value');
  if (x !== undefined) {
    const values = field(asObject(x, 'arrayValue')!, 'values', 'values');
    if (values === undefined) return [];
    if (!Array.isArray(values)) fail('invalid field', { field: 'arrayValue.values', expected: 'array' });
    return values.map((item) => plainOfJson(item, depth + 1));
  }
  x = field(o, 'kvlistValue', 'kvlist_value');
  if (x !== undefined) {
    const out: PlainObject = {};
    for (const kv of asObjects(
      field(asObject(x, 'kvlistValue')!, 'values', 'values'),
      'kvlistValue.values',
    )) {
      setOwn(
        out,
        asString(field(kv, 'key', 'key'), 'key'),
        plainOfJson(field(kv, 'value', 'value'), depth + 1),
      );
    }
    return out;
  }
  x = field(o, 'bytesValue', 'bytes_value');
  if (x !== undefined) return hexOfBase64(x, 'bytesValue');
  return null;
}

/** An AnyValue as an attribute value; undefined when empty. */
export function attrOfJson(v: unknown): AttrValue | undefined {
  return toAttrValue(plainOfJson(v, 0));
}

/** All attributes with a value, as a record (a repeated key keeps its last value). */
export function attrRecordOfJson(v: unknown, name: string): Record<string, AttrValue> {
  const out: Record<string, AttrValue> = {};
  for (const kv of asObjects(v, name)) {
    const value = attrOfJson(field(kv, 'value', 'value'));
    if (value !== undefined) setOwn(out, asString(field(kv, 'key', 'key'), 'key'), value);
  }
  return out;
}

/** The value of the last attribute named `key` that has a value. */
export function lastAttrOfJson(v: unknown, name: string, key: string): AttrValue | undefined {
  const attrs = asObjects(v, name);
  for (let i = attrs.length - 1; i >= 0; i--) {
    const kv = attrs[i]!;
    if (asString(field(kv, 'key', 'key'), 'key') !== key) continue;
    const value = attrOfJson(field(kv, 'value', 'value'));
    if (value !== undefined) return value;
  }
  return undefined;
}
