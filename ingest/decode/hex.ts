/** Two lowercase hex digits for every byte value. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of `buf[start..end)`; '' when the range is empty. */
export function hexOf(buf: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += HEX_PAIRS[buf[i]!]!;
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
