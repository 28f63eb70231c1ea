/**
 * Matching attribute keys against a fixed set directly on the wire bytes, so the fast
 * decoders never build strings for keys they do not keep.
 */

type Candidates = ReadonlyArray<readonly [Uint8Array, number]>;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A matcher for a fixed list of keys, compared as UTF-8 bytes; `match` returns the key's
 * index or -1. A key with lone surrogates never matches: no UTF-8 text decodes to it.
 */
export class KeyMatcher {
  private readonly byLength: ReadonlyArray<Candidates | undefined>;
  /**
   * The index of the empty key, or -1. A KeyValue that has no key field has the key '', so
   * it matches this index without any key bytes to compare.
   */
  readonly empty: number;

  constructor(keys: readonly string[]) {
    const enc = new TextEncoder();
    const byLength: Array<Array<readonly [Uint8Array, number]> | undefined> = [];
    keys.forEach((key, index) => {
      const bytes = enc.encode(key);
      // Not well-formed UTF-16: the encoder would write U+FFFD, which is a different key.
      if (utf8.decode(bytes) !== key) return;
      const list = byLength[bytes.length] ?? [];
      list.push([bytes, index]);
      byLength[bytes.length] = list;
    });
    this.byLength = byLength;
    this.empty = byLength[0]?.[0]?.[1] ?? -1;
  }

  /** The index of the key spelled by `buf[start..end)`, or -1. */
  match(buf: Uint8Array, start: number, end: number): number {
    const candidates = this.byLength[end - start];
    if (candidates === undefined) return -1;
    for (const [bytes, index] of candidates) {
      let i = bytes.length - 1;
      // Compare from the end: keys sharing a prefix ("db.system", "db.name") differ there.
      while (i >= 0 && bytes[i] === buf[start + i]) i--;
      if (i < 0) return index;
    }
    return -1;
  }
}
