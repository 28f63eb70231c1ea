import { describe, expect, it } from 'vitest';
import { bootstrapMean, pairedComparison } from '../../../correlate/eval/bootstrap.js';
import { coarser, dropSignals, shuffledEdges, sweepVariants } from '../../../correlate/eval/sweep.js';
import type { RankInput } from '../../../correlate/types.js';
import { seeded } from '../../../sim/random.js';

const series = new Map([
  [
    'a',
    new Map([
      ['cpu', Array.from({ length: 120 }, (_, i) => ({ t: i * 1000, v: i }))],
      ['mem', Array.from({ length: 120 }, (_, i) => ({ t: i * 1000, v: 1 }))],
    ]),
  ],
]);

describe('bootstrapMean', () => {
  it('brackets the mean, and is a point for constant values', () => {
    const hits = [1, 1, 1, 0, 1, 0, 1, 1, 0, 1];
    const i = bootstrapMean(hits, seeded(1));
    expect(i.low).toBeLessThanOrEqual(0.7);
    expect(i.high).toBeGreaterThanOrEqual(0.7);
    expect(i.high).toBeLessThanOrEqual(1);
    expect(bootstrapMean([1, 1, 1], seeded(2))).toEqual({ low: 1, high: 1 });
  });
});

describe('pairedComparison', () => {
  it('counts discordant cases and gives a sign test', () => {
    const p = pairedComparison([1, 1, 1, 1, 1, 0], [0, 0, 0, 0, 0, 0], seeded(3));
    expect(p).toMatchObject({ onlyA: 5, onlyB: 0 });
    expect(p.meanDifference).toBeCloseTo(5 / 6, 10);
    expect(p.signTestP).toBeCloseTo(2 / 32, 10);
    expect(pairedComparison([1, 0], [1, 0], seeded(4)).signTestP).toBe(1);
  });
});

describe('sweep variants', () => {
  it('averages series onto a coarser grid', () => {
    const c = coarser(series, 60_000).get('a')!.get('cpu')!;
    expect(c.map((p) => p.t)).toEqual([0, 60_000]);
    expect(c[0]!.v).toBeCloseTo(29.5, 10);
  });

  it('drops the same signals for the same case, and about the share asked', () => {
    const many = new Map([
      ['n', new Map(Array.from({ length: 200 }, (_, i) => [`s${i}`, [{ t: 0, v: 1 }]] as const))],
    ]);
    const kept = dropSignals(many, 0.3, 'case-1').get('n')!.size;
    expect(kept).toBeGreaterThan(110);
    expect(kept).toBeLessThan(170);
    expect(dropSignals(many, 0.3, 'case-1').get('n')!.size).toBe(kept);
  });

  it('shuffles targets but keeps sources and the edge count', () => {
    const input: RankInput = {
      series,
      anomalyTimeMs: 0,
      slo: { node: 'a', signal: 'cpu' },
      edges: ['b', 'c', 'd', 'e'].map((t) => ({ source: 'a', target: t })),
    };
    const s = shuffledEdges(input, 'x')!;
    expect(s.map((e) => e.source)).toEqual(['a', 'a', 'a', 'a']);
    expect(s.map((e) => e.target).sort()).toEqual(['b', 'c', 'd', 'e']);
  });

  it('names every variant the issue asks for', () => {
    expect(sweepVariants().map((v) => v.name)).toEqual([
      'time -120s',
      'time -60s',
      'time +60s',
      'time +120s',
      'step 10s',
      'step 1m',
      'step 5m',
      'drop 30% signals',
      'no graph',
      'shuffled graph',
    ]);
  });
});
