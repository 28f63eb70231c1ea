import { describe, expect, it } from 'vitest';
import { adjustedCountOf } from '../../../ingest/decode/sampling-threshold.js';

describe('adjustedCountOf (OTEP 235 thresholds in W3C tracestate)', () => {
  it('reads the threshold as 56 bits with trailing zeros left out', () => {
    expect(adjustedCountOf('ot=th:0')).toBe(1);
    expect(adjustedCountOf('ot=th:8')).toBe(2);
    expect(adjustedCountOf('ot=th:c')).toBe(4);
    expect(adjustedCountOf('ot=th:fc')).toBe(64);
    expect(adjustedCountOf('ot=th:e6666666666666')).toBeCloseTo(10, 12);
    expect(adjustedCountOf('ot=th:e666')).toBeCloseTo(10, 2);
  });

  it('finds th among other ot sub-keys and other vendors', () => {
    expect(adjustedCountOf('vendor=a:b, ot=rv:0123456789abcd;th:c ,x=y')).toBe(4);
  });

  it('ignores a tracestate without a valid threshold', () => {
    expect(adjustedCountOf('')).toBeUndefined();
    expect(adjustedCountOf('vendor=th:8')).toBeUndefined();
    expect(adjustedCountOf('ot=rv:0123456789abcd')).toBeUndefined();
    expect(adjustedCountOf('ot=th:XYZ')).toBeUndefined();
    expect(adjustedCountOf('ot=th:123456789abcdef')).toBeUndefined();
    expect(adjustedCountOf('ot=th:')).toBeUndefined();
  });
});
