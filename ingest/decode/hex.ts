/** The char codes of the two lowercase hex digits of every byte value. */
const HI = new Uint8Array(256);
const LO = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  const pair = i.toString(16).padStart(2, '0');
  HI[i] = pair.charCodeAt(0);
  LO[i] = pair.charCodeAt(1);
}
const PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Hex of the 8 bytes at `i`, as one flat string. */
function hex8(buf: Uint8Array, i: number): string {
  // biome-ignore format: two bytes a line
  return String.fromCharCode(
    HI[buf[i]!]!, LO[buf[i]!]!, HI[buf[i + 1]!]!, LO[buf[i + 1]!]!,
    HI[buf[i + 2]!]!, LO[buf[i + 2]!]!, HI[buf[i + 3]!]!, LO[buf[i + 3]!]!,
    HI[buf[i + 4]!]!, LO[buf[i + 4]!]!, HI[buf[i + 5]!]!, LO[buf[i + 5]!]!,
    HI[buf[i + 6]!]!, LO[buf[i + 6]!]!, HI[buf[i + 7]!]!, LO[buf[i + 7]!]!,
  );
}

/** Hex of the 16 bytes at `i`, as one flat string. */
function hex16(buf: Uint8Array, i: number): string {
  // biome-ignore format: two bytes a line
  return String.fromCharCode(
    HI[buf[i]!]!, LO[buf[i]!]!, HI[buf[i + 1]!]!, LO[buf[i + 1]!]!,
    HI[buf[i + 2]!]!, LO[buf[i + 2]!]!, HI[buf[i + 3]!]!, LO[buf[i + 3]!]!,
    HI[buf[i + 4]!]!, LO[buf[i + 4]!]!, HI[buf[i + 5]!]!, LO[buf[i + 5]!]!,
    HI[buf[i + 6]!]!, LO[buf[i + 6]!]!, HI[buf[i + 7]!]!, LO[buf[i + 7]!]!,
    HI[buf[i + 8]!]!, LO[buf[i + 8]!]!, HI[buf[i + 9]!]!, LO[buf[i + 9]!]!,
    HI[buf[i + 10]!]!, LO[buf[i + 10]!]!, HI[buf[i + 11]!]!, LO[buf[i + 11]!]!,
    HI[buf[i + 12]!]!, LO[buf[i + 12]!]!, HI[buf[i + 13]!]!, LO[buf[i + 13]!]!,
    HI[buf[i + 14]!]!, LO[buf[i + 14]!]!, HI[buf[i + 15]!]!, LO[buf[i + 15]!]!,
  );
}

/**
 * Lowercase hex of `buf[start..end)`; '' when the range is empty. Span ids (8 bytes) and
 * trace ids (16) are built by one `String.fromCharCode`, so they are flat strings: appending
 * pairs builds a rope, which the id's validation regex and every Map lookup keyed on it must
 * first flatten; in an end-to-end profile that cost more than decoding the span.
 */
export function hexOf(buf: Uint8Array, start: number, end: number): string {
  if (end - start === 8) return hex8(buf, start);
  if (end - start === 16) return hex16(buf, start);
  let out = '';
  for (let i = start; i < end; i++) out += PAIRS[buf[i]!]!;
  return out;
}

/** Lowercase hex of a whole byte array. */
export function bytesToHex(bytes: Uint8Array): string {
  return hexOf(bytes, 0, bytes.length);
}

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/** True for an even-length string of hex digits (either case), including ''. */
export function isHex(text: string): boolean {
  return HEX_RE.test(text);
}
