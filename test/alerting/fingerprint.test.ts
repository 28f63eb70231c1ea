import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../alerting/fingerprint.js';

// An independent reference: FNV-1a 64 in BigInt arithmetic, straight from its definition.
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
function reference(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let h = OFFSET;
  const add = (bytes: Iterable<number>) => {
    for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * PRIME);
  };
  for (const n of names) {
    add(Buffer.from(n, 'utf8'));
    add([0xff]);
    add(Buffer.from(labels[n] ?? '', 'utf8'));
    add([0xff]);
  }
  return h.toString(16).padStart(16, '0');
}

describe('fingerprint', () => {
  it('is the FNV offset basis for an empty label set, as Alertmanager has it', () => {
    expect(fingerprint({})).toBe('cbf29ce484222325');
  });

  it('matches a value computed by hand for one label', () => {
    // FNV-1a over the bytes "a" 0xff "b" 0xff.
    let h = OFFSET;
    for (const b of [0x61, 0xff, 0x62, 0xff]) h = BigInt.asUintN(64, (h ^ BigInt(b)) * PRIME);
    expect(fingerprint({ a: 'b' })).toBe(h.toString(16).padStart(16, '0'));
  });

  it('matches the BigInt reference for an SLO alert label set', () => {
    const labels = {
      alertname: 'SLOBurnRatePage',
      slo: 'checkout/availability',
      service: 'checkout',
      severity: 'page',
      long_window: '1h',
      short_window: '5m',
      team: 'payments',
    };
    expect(fingerprint(labels)).toBe(reference(labels));
    expect(fingerprint(labels)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('does not depend on the order labels were given in', () => {
    expect(fingerprint({ b: '2', a: '1' })).toBe(fingerprint({ a: '1', b: '2' }));
  });

  it('separates names from values (no concatenation ambiguity)', () => {
    expect(fingerprint({ ab: 'c' })).not.toBe(fingerprint({ a: 'bc' }));
  });

  it('sorts names bytewise in UTF-8, like Go strings', () => {
    // U+FF61 sorts before U+1F600 in UTF-16 code units but after it in UTF-8 bytes.
    const labels = { '\u{ff61}': 'x', '\u{1f600}': 'y' };
    expect(fingerprint(labels)).toBe(reference(labels));
  });

  it('agrees with the reference on any label set', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' })),
        (labels) => {
          expect(fingerprint(labels)).toBe(reference(labels));
        },
      ),
      { numRuns: 300 },
    );
  });
});
