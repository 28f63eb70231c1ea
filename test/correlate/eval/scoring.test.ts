import { describe, expect, it } from 'vitest';
import { accuracy, atLevel, rankOf, serviceOf } from '../../../correlate/eval/scoring.js';

describe('scoring', () => {
  it('maps a node to its service by dropping a -db suffix', () => {
    expect(serviceOf('carts-db')).toBe('carts');
    expect(serviceOf('carts')).toBe('carts');
    expect(serviceOf('-db')).toBe('-db');
  });

  it('keeps each service at its first place', () => {
    expect(atLevel(['carts-db', 'user', 'carts', 'orders-db'], 'service')).toEqual([
      'carts',
      'user',
      'orders',
    ]);
    expect(atLevel(['carts-db', 'carts'], 'node')).toEqual(['carts-db', 'carts']);
  });

  it('gives 1-based ranks, null when absent', () => {
    expect(rankOf(['a', 'b'], 'b')).toBe(2);
    expect(rankOf(['a', 'b'], 'c')).toBeNull();
  });

  it('computes AC@k and Avg@5 as the mean of AC@1..AC@5', () => {
    const a = accuracy([1, 2, 3, 6, null]);
    expect(a.acAt).toEqual([0.2, 0.4, 0.6, 0.6, 0.6]);
    expect(a.ac1).toBe(0.2);
    expect(a.ac3).toBe(0.6);
    expect(a.avg5).toBeCloseTo(0.48, 12);
    expect(accuracy([])).toMatchObject({ cases: 0, ac1: 0, avg5: 0 });
  });
});
