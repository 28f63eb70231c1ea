import { describe, expect, it } from 'vitest';
import { timeToExhaustion } from '../../alerting/alert-content.js';
import { formatDuration } from '../../core/duration.js';

describe('time to exhaustion', () => {
  it('is budget left x period / burn rate', () => {
    // Half the 30-day budget left, burning 10x: 0.5 x 30 d / 10 = 1 d 12 h.
    expect(timeToExhaustion(0.5, 30 * 1440, 10)).toBe('1d 12h');
    expect(timeToExhaustion(1, 30 * 1440, 14.4)).toBe('2d 2h');
  });

  it('says spent, never or unknown where there is no finite answer', () => {
    expect(timeToExhaustion(0, 30 * 1440, 10)).toBe('spent');
    expect(timeToExhaustion(-0.4, 30 * 1440, null)).toBe('spent');
    expect(timeToExhaustion(0.3, 30 * 1440, 0)).toBe('never');
    expect(timeToExhaustion(0.3, 30 * 1440, null)).toBe('unknown');
  });
});

describe('durations', () => {
  it('are written in their two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(2 * 3_600_000 + 15 * 60_000 + 5_000)).toBe('2h 15m');
    expect(formatDuration(3 * 86_400_000 + 5 * 60_000)).toBe('3d');
    expect(formatDuration(90_000)).toBe('1m 30s');
  });
});
