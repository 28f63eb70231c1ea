import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexOf, isHex } from '../../../ingest/decode/hex.js';

describe('hexOf', () => {
  it('equals Node hex encoding for every range, ids (8 and 16 bytes) and others', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.nat(),
        fc.constantFrom(0, 1, 7, 8, 9, 16, 17, 24),
        (bytes, at, length) => {
          const start = bytes.length === 0 ? 0 : at % bytes.length;
          const end = Math.min(bytes.length, start + length);
          expect(hexOf(bytes, start, end)).toBe(Buffer.from(bytes).toString('hex', start, end));
        },
      ),
    );
  });

  it('gives lowercase hex that isHex accepts, and empty for no bytes', () => {
    expect(bytesToHex(Uint8Array.from([0, 0xab, 0xff, 0x10, 1, 2, 3, 4]))).toBe('00abff1001020304');
    expect(bytesToHex(new Uint8Array(0))).toBe('');
    expect(isHex(bytesToHex(Uint8Array.from({ length: 16 }, (_, i) => i * 17)))).toBe(true);
  });
});
