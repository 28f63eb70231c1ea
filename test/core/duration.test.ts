import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, windowName } from '../../core/duration.js';

describe('parseDuration', () => {
  it('reads one whole-number part in an allowed unit', () => {
    expect(parseDuration('30s', { units: ['s', 'm'] })).toBe(30_000);
    expect(parseDuration('2w', { units: ['w'] })).toBe(14 * 86_400_000);
  });

  it('tells ms from m whatever order the units are listed in', () => {
    expect(parseDuration('250ms', { units: ['m', 'ms'] })).toBe(250);
    expect(parseDuration('2m', { units: ['m', 'ms'] })).toBe(120_000);
  });

  it('rejects units, fractions, compounds and bare numbers the grammar does not allow', () => {
    expect(parseDuration('1d', { units: ['s', 'm'] })).toBeUndefined();
    expect(parseDuration('1.5s', { units: ['s'] })).toBeUndefined();
    expect(parseDuration('1h30m', { units: ['h', 'm'] })).toBeUndefined();
    expect(parseDuration('10', { units: ['s'] })).toBeUndefined();
    expect(parseDuration(' 1s', { units: ['s'] })).toBeUndefined();
    expect(parseDuration('', { units: ['s'] })).toBeUndefined();
  });

  it('sums compounds, reads fractions and gives a bare number its unit when allowed', () => {
    const grammar = { units: ['ms', 's', 'm', 'h'], fractions: true, compound: true, bare: 's' } as const;
    expect(parseDuration('1h30m', grammar)).toBe(5_400_000);
    expect(parseDuration('1.5s', grammar)).toBe(1500);
    expect(parseDuration('2.5', grammar)).toBe(2500);
    expect(parseDuration('1h30', grammar)).toBeUndefined();
  });
});

describe('formatDuration and windowName', () => {
  it('prints a duration in its two largest units', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 1000)).toBe('3d 4h');
  });

  it('names a window as Prometheus does', () => {
    expect([5, 60, 90, 4320].map(windowName)).toEqual(['5m', '1h', '90m', '3d']);
  });
});
