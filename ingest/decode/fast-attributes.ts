/** Fast-path reading of attributes by key: Resource `service.name`, span semantic keys. */
import { WireType } from '@bufbuild/protobuf/wire';
import type { AttrValue } from '../records.js';
import { KEY_VALUE, readAttrValueAt } from './fast-any-value.js';
import type { ValueCache } from './fast-value-cache.js';
import { KeyMatcher } from './key-match.js';
import { SERVICE_NAME_KEY } from './semconv.js';
import { expectEnd, readEnd, readTag, skipChecked, type Wire, wireTable } from './wire.js';

const RESOURCE = wireTable({ 1: WireType.LengthDelimited, 2: WireType.Varint });
const SERVICE_KEY = new KeyMatcher([SERVICE_NAME_KEY]);

/**
 * The value of the last `service.name` attribute that has one, in the Resource ending at
 * `end`; undefined when there is none.
 */
export function readResourceService(w: Wire, end: number): AttrValue | undefined {
  const r = w.r;
  const slot: Array<AttrValue | undefined> = [undefined];
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) readMatchedAttr(w, readEnd(w), SERVICE_KEY, slot);
    else skipChecked(w, tag, RESOURCE);
  }
  expectEnd(w, end);
  return slot[0];
}

/**
 * Reads a KeyValue ending at `end`. When its key is one of `keys` and it has a value, stores
 * the value in `slots[index of the key]`; other keys are skipped without decoding anything.
 * Values of slots from `cache.from` on go through the cache.
 */
export function readMatchedAttr(
  w: Wire,
  end: number,
  keys: KeyMatcher,
  slots: Array<AttrValue | undefined>,
  cache?: ValueCache,
): void {
  const r = w.r;
  // Without a key field the key is '' (proto3 default).
  let index = keys.empty;
  let valueStart = -1;
  let valueEnd = -1;
  while (r.pos < end) {
    const tag = readTag(w);
    if (tag === 0x0a) {
      const keyEnd = readEnd(w);
      index = keys.match(w.buf, r.pos, keyEnd);
      r.pos = keyEnd;
    } else if (tag === 0x12) {
      valueEnd = readEnd(w);
      valueStart = r.pos;
      r.pos = valueEnd;
    } else {
      skipChecked(w, tag, KEY_VALUE);
    }
  }
  expectEnd(w, end);
  if (index < 0 || valueStart < 0) return;
  const v =
    cache !== undefined && index >= cache.from
      ? cache.valueAt(w, index, valueStart, valueEnd)
      : readAttrValueAt(w, valueStart, valueEnd);
  if (v !== undefined) slots[index] = v;
}
