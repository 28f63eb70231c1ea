import { describe, expect, it } from 'vitest';
import { rankCalibrated } from '../../correlate/calibrated-rank.js';
import { DEFAULT_RANK_OPTIONS } from '../../correlate/options.js';
import type { Point, RankInput } from '../../correlate/types.js';
import { seeded } from '../../sim/random.js';
import { gaussian } from './synthetic.js';

const T = Date.UTC(2024, 0, 1, 12);

/** One incident sampled every `stepMs`: an SLI with a slow wave and a step at T, and a node tracking it. */
function sampled(stepMs: number): RankInput {
  const g = gaussian(seeded(3));
  const sli: Point[] = [];
  const cpu: Point[] = [];
  for (let t = T - 3_600_000; t < T + 600_000; t += stepMs) {
    const v = 1 + 0.5 * Math.sin((2 * Math.PI * (t - T)) / 600_000) + (t >= T ? 1 : 0);
    sli.push({ t, v: v + 0.05 * g() });
    cpu.push({ t, v: 2 * v + 0.05 * g() });
  }
  return {
    series: new Map([
      ['fe', new Map([['latency_p99', sli]])],
      ['a', new Map([['cpu', cpu]])],
    ]),
    anomalyTimeMs: T,
    slo: { node: 'fe', signal: 'latency_p99' },
  };
}

/** What the correlation with the SLI added to node `a`'s score (no topology, no alerts). */
function correlationPart(input: RankInput): number {
  const a = rankCalibrated(input).candidates.find((c) => c.node === 'a');
  if (a === undefined) throw new Error('node a not ranked');
  return a.score - a.ownScore;
}

describe('the correlation evidence of the calibrated ranker', () => {
  // Regression (Sock Shop, 1 s steps: the correlation term, a Fisher z over 1,440 cells,
  // added up to 25 to every node that tracked the SLI and outweighed the anomaly itself):
  // neighbouring points are not independent, so pairs are counted in sustain runs, and the
  // same incident weighs the same at 1 s and at 10 s.
  it('weighs the same incident alike at a 1 s and a 10 s step', () => {
    const fine = correlationPart(sampled(1000));
    const coarse = correlationPart(sampled(10_000));
    expect(fine).toBeGreaterThan(0);
    expect(fine / coarse).toBeGreaterThan(2 / 3);
    expect(fine / coarse).toBeLessThan(3 / 2);
    // It stays secondary: at most a few units on the z scale.
    expect(fine).toBeLessThan(10 * DEFAULT_RANK_OPTIONS.correlationZWeight * 4);
  });
});
