/**
 * A small cache of decoded attribute values per slot, keyed by their AnyValue bytes.
 * The attributes that callers ask for (`http.route`, `http.request.method`, ...) usually
 * have few distinct values, so most spans repeat bytes seen a few spans before. Comparing
 * bytes costs less than decoding them again, and the records then share one string.
 */
import type { AttrValue } from '../records.js';
import { readAttrValueAt } from './fast-any-value.js';
import type { Wire } from './wire.js';

/** Values longer than this (in encoded bytes) are always decoded and never cached. */
const MAX_BYTES = 64;
/** Entries per slot, replaced round-robin. */
const WAYS = 4;
/**
 * Misses after which a slot that hits less often than it misses stops using the cache for
 * the rest of the decode: a value unique to each span (`url.path`) would only pay for
 * the comparisons and the copies.
 */
const PROBATION = 64;

export class ValueCache {
  /** Slots below this number are not cached (they are decoded as usual). */
  readonly from: number;
  // Entry e of cached slot s is at s * WAYS + e. The bytes are copied into one flat buffer,
  // because TypedArray.slice per entry costs more than decoding a short value.
  private readonly bytes: Uint8Array;
  /** Byte length of each entry; -1 when empty. */
  private readonly lengths: Int16Array;
  private readonly values: Array<AttrValue | undefined>;
  /** The entry each slot replaces next. */
  private readonly next: Uint8Array;
  private readonly hits: Int32Array;
  private readonly misses: Int32Array;
  /** 1 for slots that no longer use the cache. */
  private readonly off: Uint8Array;

  constructor(from: number, slotCount: number) {
    const cached = Math.max(0, slotCount - from);
    this.from = from;
    this.bytes = new Uint8Array(cached * WAYS * MAX_BYTES);
    this.lengths = new Int16Array(cached * WAYS).fill(-1);
    this.values = new Array<AttrValue | undefined>(cached * WAYS).fill(undefined);
    this.next = new Uint8Array(cached);
    this.hits = new Int32Array(cached);
    this.misses = new Int32Array(cached);
    this.off = new Uint8Array(cached);
  }

  /** The attribute value of the AnyValue at `[start, end)` for `slot`, as readAttrValueAt. */
  valueAt(w: Wire, slot: number, start: number, end: number): AttrValue | undefined {
    const buf = w.buf;
    const len = end - start;
    const s = slot - this.from;
    if (this.off[s] === 1) return readAttrValueAt(w, start, end);
    const first = s * WAYS;
    const bytes = this.bytes;
    for (let e = first; e < first + WAYS; e++) {
      if (this.lengths[e] !== len) continue;
      const at = e * MAX_BYTES;
      let i = len - 1;
      // From the end: values that share a prefix ("/api/orders/1", "/api/orders/2") differ there.
      while (i >= 0 && bytes[at + i] === buf[start + i]) i--;
      if (i < 0) {
        this.hits[s] = this.hits[s]! + 1;
        return this.values[e];
      }
    }
    const misses = this.misses[s]! + 1;
    this.misses[s] = misses;
    if (misses >= PROBATION && this.hits[s]! < misses) this.off[s] = 1;
    // Decode first: bytes that fail to decode throw and are never cached.
    const v = readAttrValueAt(w, start, end);
    if (len <= MAX_BYTES) {
      const way = this.next[s]!;
      this.next[s] = (way + 1) % WAYS;
      const e = first + way;
      const at = e * MAX_BYTES;
      for (let i = 0; i < len; i++) bytes[at + i] = buf[start + i]!;
      this.lengths[e] = len;
      this.values[e] = v;
    }
    return v;
  }
}
