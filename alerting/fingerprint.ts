/**
 * Alert fingerprints exactly as Alertmanager computes them (Prometheus `model.LabelSet`
 * `Fingerprint()`): 64-bit FNV-1a over the label names sorted bytewise, each name and each
 * value followed by the separator byte 0xff, printed as 16 lowercase hex digits. An empty
 * label set hashes to the FNV offset basis.
 */

const SEPARATOR = 0xff;
const encoder = new TextEncoder();

/**
 * The 64-bit state lives in four 16-bit limbs so every product stays exact in a double.
 * The FNV prime is 2^40 + 0x1b3: h * prime = h * 0x1b3 + (h << 40).
 */
class Fnv64a {
  // Offset basis 0xcbf29ce484222325, lowest limb first.
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  addByte(byte: number): void {
    this.h0 ^= byte;
    const t0 = this.h0 * 0x1b3;
    let t1 = this.h1 * 0x1b3;
    let t2 = this.h2 * 0x1b3 + (this.h0 << 8);
    const t3 = this.h3 * 0x1b3 + (this.h1 << 8);
    t1 += t0 >>> 16;
    t2 += t1 >>> 16;
    this.h0 = t0 & 0xffff;
    this.h1 = t1 & 0xffff;
    this.h2 = t2 & 0xffff;
    this.h3 = (t3 + (t2 >>> 16)) & 0xffff;
  }

  addBytes(bytes: Uint8Array): void {
    for (const b of bytes) this.addByte(b);
  }

  hex(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((l) => l.toString(16).padStart(4, '0')).join('');
  }
}

/** Bytewise comparison of UTF-8 encodings: Go's string order, which Alertmanager sorts by. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** The Alertmanager fingerprint of a label set: 16 lowercase hex digits. */
export function fingerprint(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).map(([name, value]) => ({
    name: encoder.encode(name),
    value: encoder.encode(value),
  }));
  entries.sort((a, b) => compareBytes(a.name, b.name));
  const hash = new Fnv64a();
  for (const { name, value } of entries) {
    hash.addBytes(name);
    hash.addByte(SEPARATOR);
    hash.addBytes(value);
    hash.addByte(SEPARATOR);
  }
  return hash.hex();
}
