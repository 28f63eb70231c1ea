/**
 * A cache of the last attribute value decoded for each slot, keyed by its AnyValue bytes.
 * The attributes that callers ask for (`http.route`, `http.request.method`, ...) usually
 * have few distinct values, so most spans repeat the previous span's bytes. Comparing the
 * bytes costs less than decoding them again, and the records then share one string.
 */
import type { AttrValue } from '../records.js';
import { readAttrValueAt } from './fast-any-value.js';
import type { Wire } from './wire.js';

/** Values longer than this (in encoded bytes) are always decoded and never cached. */
const MAX_CACHED_BYTES = 64;

export class ValueCache {
  /** Slots below this number are not cached (they are decoded as usual). */
  readonly from: number;
  private readonly bytes: Array<Uint8Array | undefined>;
  private readonly values: Array<AttrValue | undefined>;

  constructor(from: number, slotCount: number) {
    this.from = from;
    this.bytes = new Array<Uint8Array | undefined>(slotCount).fill(undefined);
    this.values = new Array<AttrValue | undefined>(slotCount).fill(undefined);
  }

  /** The attribute value of the AnyValue at `[start, end)` for `slot`, as readAttrValueAt. */
  valueAt(w: Wire, slot: number, start: number, end: number): AttrValue | undefined {
    const buf = w.buf;
    const len = end - start;
    const prev = this.bytes[slot];
    if (prev !== undefined && prev.length === len) {
      let i = 0;
      while (i < len && prev[i] === buf[start + i]) i++;
      if (i === len) return this.values[slot];
    }
    // Decode first: bytes that fail to decode throw and are never cached.
    const v = readAttrValueAt(w, start, end);
    if (len <= MAX_CACHED_BYTES) {
      this.bytes[slot] = buf.slice(start, end);
      this.values[slot] = v;
    }
    return v;
  }
}
