import { describe, expect, it } from 'vitest';
import { rankByCorrelation, rankByZScore } from '../../correlate/baselines.js';
import { rankRootCauses } from '../../correlate/rank.js';
import type { Point, RankInput } from '../../correlate/types.js';

const T = 1_700_000_000_000;

function line(values: (k: number) => number): Point[] {
  return Array.from({ length: 120 }, (_, i) => ({ t: T + (i - 60) * 1000, v: values(i - 60) }));
}

const wobble = (k: number) => (k % 2 === 0 ? 1 : -1);

const INPUT: RankInput = {
  series: new Map([
    ['fe', new Map([['lat', line((k) => 100 + wobble(k) + (k >= 0 ? 50 : 0))]])],
    // A plain step: huge z-score and a strong correlation with the SLI.
    ['a', new Map([['cpu', line((k) => 10 + wobble(k) + (k >= 0 ? 20 : 0))]])],
    // A baseline with one wild outlier: its standard deviation hides the step from a z-score.
    ['b', new Map([['cpu', line((k) => 10 + wobble(k) + (k === -30 ? 5000 : 0) + (k >= 0 ? 40 : 0))]])],
    // Noise only.
    ['c', new Map([['cpu', line((k) => 10 + wobble(k) * ((k * 7) % 3))]])],
  ]),
  edges: [
    { source: 'fe', target: 'a' },
    { source: 'fe', target: 'b' },
    { source: 'fe', target: 'c' },
  ],
  anomalyTimeMs: T,
  slo: { node: 'fe', signal: 'lat' },
};

describe('rankByZScore (NSigma-like)', () => {
  it('scores the largest plain z-score, so an outlier in the baseline hides a real step', () => {
    const options = { guardMs: 0, lookbackMs: 60_000 };
    const ranked = rankByZScore(INPUT, options);
    expect(ranked.map((e) => e.node)).toEqual(['a', 'c', 'b']);
    expect(ranked[2]!.score).toBeLessThan(1);
    // The robust score sees b's step, the largest of all.
    expect(rankRootCauses(INPUT, options).candidates[0]?.node).toBe('b');
  });
});

describe('rankByCorrelation', () => {
  it('scores |correlation with the SLI| and leaves the SLI itself out', () => {
    const ranked = rankByCorrelation(INPUT, { guardMs: 0, lookbackMs: 60_000 });
    expect(
      ranked
        .map((e) => e.node)
        .slice(0, 2)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(ranked.find((e) => e.node === 'a')!.score).toBeGreaterThan(0.95);
    expect(ranked.some((e) => e.node === 'fe')).toBe(false);
  });

  it('scores every node 0 without an SLI series', () => {
    const ranked = rankByCorrelation({ ...INPUT, slo: { node: 'fe', signal: 'none' } });
    expect(ranked.every((e) => e.score === 0)).toBe(true);
  });
});
