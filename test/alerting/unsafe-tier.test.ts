import { describe, expect, it } from 'vitest';
import { unsafeTierReasons } from '../../alerting/unsafe-tier.js';

const DAY = 1440;

describe('unsafeTierReasons', () => {
  it('passes the workbook page tier for 30 days', () => {
    expect(unsafeTierReasons(30 * DAY, { longWindowMinutes: 60, shortWindowMinutes: 5 }, 14.4)).toEqual([]);
  });

  it('flags a long window as long as the period, or longer', () => {
    expect(unsafeTierReasons(DAY, { longWindowMinutes: DAY, shortWindowMinutes: 120 }, 2)).toEqual([
      'long-window-not-shorter-than-period',
    ]);
    expect(unsafeTierReasons(DAY, { longWindowMinutes: 3 * DAY, shortWindowMinutes: 360 }, 2)).toEqual([
      'long-window-not-shorter-than-period',
    ]);
  });

  it('flags a factor of 1 or less: such a tier fires on an SLO that will be met', () => {
    expect(unsafeTierReasons(7 * DAY, { longWindowMinutes: 60, shortWindowMinutes: 5 }, 1)).toEqual([
      'factor-not-above-1',
    ]);
    expect(unsafeTierReasons(DAY, { longWindowMinutes: DAY, shortWindowMinutes: 120 }, 0.1)).toEqual([
      'long-window-not-shorter-than-period',
      'factor-not-above-1',
    ]);
  });
});
