/** Fast-path decoding of AnyValue and KeyValue from the wire (rules in attr-value.ts). */
import { WireType } from '@bufbuild/protobuf/wire';
import type { AttrValue } from '../records.js';
import { type PlainObject, type PlainValue, setOwn, toAttrValue } from './attr-value.js';
import { fail } from './fail.js';
import {
  expectEnd,
  MAX_DEPTH,
  readDouble,
  readEnd,
  readHex,
  readString,
  readTag,
  skipChecked,
  type Wire,
  wireTable,
} from './wire.js';

const ANY_VALUE = wireTable({
  1: WireType.LengthDelimited,
  2: WireType.Varint,
  3: WireType.Varint,
  4: WireType.Bit64,
  5: WireType.LengthDelimited,
  6: WireType.LengthDelimited,
  7: WireType.LengthDelimited,
});
const LIST = wireTable({ 1: WireType.LengthDelimited });
export const KEY_VALUE = wireTable({ 1: WireType.LengthDelimited, 2: WireType.LengthDelimited });

/** Reads an AnyValue message ending at `end`; null when no member is set. */
export function readAnyValue(w: Wire, end: number, depth: number): PlainValue {
  if (depth > MAX_DEPTH) fail('nesting too deep');
  const r = w.r;
  let out: PlainValue = null;
  while (r.pos < end) {
    const tag = readTag(w);
    switch (tag) {
      case 0x0a: // string_value = 1
        out = readString(w);
        break;
      case 0x10: // bool_value = 2
        out = r.bool();
        break;
      case 0x18: // int_value = 3
        out = Number(r.int64());
        break;
      case 0x21: // double_value = 4
        out = readDouble(w);
        break;
      case 0x2a: // array_value = 5
        out = readArray(w, readEnd(w), depth + 1);
        break;
      case 0x32: // kvlist_value = 6
        out = readKvList(w, readEnd(w), depth + 1);
        break;
      case 0x3a: // bytes_value = 7
        out = readHex(w);
        break;
      default:
        skipChecked(w, tag, ANY_VALUE);
    }
  }
  expectEnd(w, end);
  return out;
}

function readArray(w: Wire, end: number, depth: number): PlainValue[] {
  const r = w.r;
  const out: PlainValue[] = [];
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) out.push(readAnyValue(w, readEnd(w), depth));
    else skipChecked(w, tag, LIST);
  }
  expectEnd(w, end);
  return out;
}

function readKvList(w: Wire, end: number, depth: number): PlainObject {
  const r = w.r;
  const out: PlainObject = {};
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) readKeyValue(w, readEnd(w), depth, out);
    else skipChecked(w, tag, LIST);
  }
  expectEnd(w, end);
  return out;
}

function readKeyValue(w: Wire, end: number, depth: number, into: PlainObject): void {
  const r = w.r;
  let key = '';
  let value: PlainValue = null;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) key = readString(w);
    else if (tag === 0x12) value = readAnyValue(w, readEnd(w), depth);
    else skipChecked(w, tag, KEY_VALUE);
  }
  expectEnd(w, end);
  setOwn(into, key, value);
}

/** Reads one attribute (KeyValue) into a record; attributes without a value are dropped. */
export function readAttribute(w: Wire, end: number, into: Record<string, AttrValue>): void {
  const r = w.r;
  let key = '';
  let value: AttrValue | undefined;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) key = readString(w);
    else if (tag === 0x12) value = toAttrValue(readAnyValue(w, readEnd(w), 0));
    else skipChecked(w, tag, KEY_VALUE);
  }
  expectEnd(w, end);
  if (value !== undefined) setOwn(into, key, value);
}

/**
 * Reads the value of a KeyValue whose key the caller already matched: the AnyValue found at
 * `[start, end)`, as an attribute value.
 */
export function readAttrValueAt(w: Wire, start: number, end: number): AttrValue | undefined {
  const r = w.r;
  const saved = r.pos;
  r.pos = start;
  const v = toAttrValue(readAnyValue(w, end, 0));
  r.pos = saved;
  return v;
}
