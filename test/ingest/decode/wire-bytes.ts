/** Hand-built protobuf bytes for tests that need field orders or encodings toBinary never writes. */
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/** Concatenates byte arrays. */
export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A length-delimited field (sub-message, string or bytes). */
export function field(fieldNo: number, ...content: Uint8Array[]): Uint8Array {
  return new BinaryWriter()
    .tag(fieldNo, WireType.LengthDelimited)
    .bytes(cat(...content))
    .finish();
}

export function str(fieldNo: number, text: string): Uint8Array {
  return new BinaryWriter().tag(fieldNo, WireType.LengthDelimited).string(text).finish();
}

export function varint(fieldNo: number, n: number): Uint8Array {
  return new BinaryWriter().tag(fieldNo, WireType.Varint).uint32(n).finish();
}

export function fixed64(fieldNo: number, n: bigint): Uint8Array {
  return new BinaryWriter().tag(fieldNo, WireType.Bit64).fixed64(n).finish();
}

export function double(fieldNo: number, n: number): Uint8Array {
  return new BinaryWriter().tag(fieldNo, WireType.Bit64).double(n).finish();
}

/** A KeyValue with a string value. */
export function attr(key: string, value: string): Uint8Array {
  return cat(str(1, key), field(2, str(1, value)));
}

/** A KeyValue with an int value. */
export function intAttr(key: string, value: number): Uint8Array {
  return cat(str(1, key), field(2, varint(3, value)));
}
