import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_PERIOD_MINUTES,
  PERIOD_FORMAT,
  PERIOD_RANGE,
  parseLatencyMs,
  parsePeriod,
} from '../../../pipeline/slo/durations.js';
import { percentToFraction } from '../../../pipeline/slo/schema-parts.js';

describe('parsePeriod', () => {
  it('reads whole minutes, hours, days and weeks', () => {
    expect(['1m', '90m', '12h', '28d', '4w', '90d'].map(parsePeriod)).toEqual([
      { minutes: 1 },
      { minutes: 90 },
      { minutes: 720 },
      { minutes: 40_320 },
      { minutes: 40_320 },
      { minutes: MAX_PERIOD_MINUTES },
    ]);
  });

  it('refuses other shapes and units, and periods outside 1m..90d', () => {
    for (const text of ['30', '30 d', '1.5d', '1M', '1Q', '1Y', '30D', '', '-1d', 30, null]) {
      expect(parsePeriod(text)).toEqual({ problem: PERIOD_FORMAT });
    }
    for (const text of ['0m', '91d', '13w', '2161h'])
      expect(parsePeriod(text)).toEqual({ problem: PERIOD_RANGE });
  });

  it('accepts exactly the days 1..90', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), (days) => {
        const parsed = parsePeriod(`${days}d`);
        expect(parsed).toEqual(
          days >= 1 && days <= 90 ? { minutes: days * 1440 } : { problem: PERIOD_RANGE },
        );
      }),
    );
  });
});

describe('parseLatencyMs', () => {
  it('reads ms, s and m, decimals, and bare numbers as milliseconds', () => {
    expect(['300ms', '1.5s', '2m', '0.25s', 250].map(parseLatencyMs)).toEqual([300, 1500, 120_000, 250, 250]);
  });

  it('refuses anything else, and zero', () => {
    for (const value of ['300', '300 ms', '1h', '.5s', '0ms', 0, -1, Number.NaN, null]) {
      expect(parseLatencyMs(value)).toBeUndefined();
    }
  });
});

describe('percentToFraction', () => {
  it('gives the fraction a person would write: 99.9 -> 0.999', () => {
    expect([99.9, 99.95, 99, 95.5, 0.1].map(percentToFraction)).toEqual([0.999, 0.9995, 0.99, 0.955, 0.001]);
  });

  it('equals the decimal fraction for every percentage with up to four decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999 }), (tenThousandths) => {
        expect(percentToFraction(tenThousandths / 1e4)).toBe(tenThousandths / 1e6);
      }),
    );
  });
});
