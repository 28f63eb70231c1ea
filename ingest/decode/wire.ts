/**
 * Low-level helpers of the fast protobuf decoders, over `@bufbuild/protobuf/wire`'s
 * BinaryReader. Tags are handled as raw numbers (`fieldNo << 3 | wireType`) so that
 * decoders can `switch` on them without allocating; every length is checked against the
 * buffer and every message must end exactly where its length says.
 */
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { fail } from './fail.js';
import { hexOf } from './hex.js';

/** The state of one decode: the reader plus direct views of the same bytes. */
export class Wire {
  readonly r: BinaryReader;
  readonly buf: Uint8Array;
  readonly view: DataView;
  readonly len: number;

  constructor(buf: Uint8Array) {
    this.r = new BinaryReader(buf);
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.len = buf.length;
  }
}

/** Nesting limit for AnyValue arrays and key-value lists. */
export const MAX_DEPTH = 64;

/** Reads a tag and checks it (field number > 0, known wire type). */
export function readTag(w: Wire): number {
  const r = w.r;
  const start = r.pos;
  const b = w.buf[start]!;
  let tag: number;
  if (b < 0x80) {
    r.pos = start + 1;
    tag = b;
  } else {
    tag = r.uint32();
    const n = r.pos - start;
    if (n > 5 || (n === 5 && w.buf[r.pos - 1]! > 0x0f)) fail('invalid tag');
  }
  if (tag < 8) fail('invalid tag');
  if ((tag & 7) > 5) fail('invalid wire type');
  return tag;
}

/** Reads a length prefix and returns the end position of the delimited data. */
export function readEnd(w: Wire): number {
  const len = w.r.uint32();
  const end = w.r.pos + len;
  if (end > w.len) fail('truncated');
  return end;
}

/** Checks that a message ended exactly at the end its length prefix announced. */
export function expectEnd(w: Wire, end: number): void {
  if (w.r.pos !== end) fail(w.r.pos > w.len ? 'truncated' : 'invalid length');
}

/**
 * Expected wire types by field number (-1 for numbers the message does not define), so a
 * known field sent with the wrong wire type is rejected even when the decoder skips it.
 */
export function wireTable(fields: Record<number, WireType>): Int8Array {
  const max = Math.max(0, ...Object.keys(fields).map(Number));
  const table = new Int8Array(max + 1).fill(-1);
  for (const [no, wt] of Object.entries(fields)) table[Number(no)] = wt;
  return table;
}

/** Skips a field the decoder does not need, after checking its wire type against `expected`. */
export function skipChecked(w: Wire, tag: number, expected: Int8Array): void {
  const fieldNo = tag >>> 3;
  if (fieldNo < expected.length) {
    const wt = expected[fieldNo]!;
    if (wt >= 0 && wt !== (tag & 7)) fail('invalid wire type', { field: fieldNo });
  }
  skipField(w, tag);
}

/** Skips one field's value, without allocating. */
export function skipField(w: Wire, tag: number): void {
  const r = w.r;
  switch (tag & 7) {
    case WireType.Varint: {
      const buf = w.buf;
      let p = r.pos;
      const limit = p + 10;
      while (p < limit && (buf[p++]! & 0x80) !== 0) {
        // continuation bit set: keep going
      }
      if ((buf[p - 1]! & 0x80) !== 0) fail(p > w.len ? 'truncated' : 'invalid varint');
      r.pos = p;
      break;
    }
    case WireType.Bit64:
      r.pos += 8;
      break;
    case WireType.LengthDelimited:
      r.pos = readEnd(w);
      break;
    case WireType.Bit32:
      r.pos += 4;
      break;
    case WireType.StartGroup:
      r.skip(WireType.StartGroup, tag >>> 3);
      break;
    default:
      fail('invalid wire type', { field: tag >>> 3 });
  }
  if (r.pos > w.len) fail('truncated');
}

export function readFixed64(w: Wire): bigint {
  const p = w.r.pos;
  if (p + 8 > w.len) fail('truncated');
  w.r.pos = p + 8;
  return w.view.getBigUint64(p, true);
}

/** An sfixed64 as a number (precision lost beyond 2^53). */
export function readSfixed64Number(w: Wire): number {
  const p = w.r.pos;
  if (p + 8 > w.len) fail('truncated');
  w.r.pos = p + 8;
  return Number(w.view.getBigInt64(p, true));
}

/** A fixed64 as a number (precision lost beyond 2^53). */
export function readFixed64Number(w: Wire): number {
  const p = w.r.pos;
  if (p + 8 > w.len) fail('truncated');
  w.r.pos = p + 8;
  const lo = w.view.getUint32(p, true);
  const hi = w.view.getUint32(p + 4, true);
  // Exact below 2^53; above, go through BigInt so rounding matches Number(bigint).
  return hi < 0x200000 ? hi * 0x100000000 + lo : Number(w.view.getBigUint64(p, true));
}

export function readDouble(w: Wire): number {
  const p = w.r.pos;
  if (p + 8 > w.len) fail('truncated');
  w.r.pos = p + 8;
  return w.view.getFloat64(p, true);
}

/** A bytes field as lowercase hex. */
export function readHex(w: Wire): string {
  const end = readEnd(w);
  const start = w.r.pos;
  w.r.pos = end;
  return hexOf(w.buf, start, end);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes `buf[start..end)` as strict UTF-8 (a leading BOM is kept, as protobuf does).
 * Short ASCII strings are built in JavaScript; past ~16 bytes the native decoder is faster.
 */
export function utf8Of(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 16) {
    let s = '';
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b >= 0x80) return utf8Slow(buf, start, end);
      s += String.fromCharCode(b);
    }
    return s;
  }
  return utf8Slow(buf, start, end);
}

function utf8Slow(buf: Uint8Array, start: number, end: number): string {
  try {
    return utf8.decode(buf.subarray(start, end));
  } catch {
    fail('invalid utf-8');
  }
}

export function readString(w: Wire): string {
  const end = readEnd(w);
  const start = w.r.pos;
  w.r.pos = end;
  return utf8Of(w.buf, start, end);
}
