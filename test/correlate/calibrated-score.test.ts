import { describe, expect, it } from 'vitest';
import {
  calibratedScore,
  logExceedance,
  runStatistics,
  scoreValues,
} from '../../correlate/calibrated-score.js';
import { seeded } from '../../sim/random.js';
import { gaussian } from './synthetic.js';

const OPTIONS = { sustainMs: 20_000, onsetMs: 600_000, minBaselinePoints: 5, minNullRuns: 8 };

function noise(seed: number, n: number, level = 100, sd = 1): number[] {
  const g = gaussian(seeded(seed));
  return Array.from({ length: n }, () => level + sd * g());
}

describe('runStatistics', () => {
  it('takes the (floor(L/2)+1)-th largest of each run: a lone outlier is not a run', () => {
    expect(runStatistics([0, 9, 0, 0], 2)).toEqual([0, 0, 0]);
    expect(runStatistics([0, 9, 9, 0], 2)).toEqual([0, 9, 0]);
    expect(runStatistics([1, 5, 3], 3)).toEqual([3]);
  });
});

describe('logExceedance', () => {
  it('is empirical inside the null and keeps falling beyond it', () => {
    const sorted = Array.from({ length: 99 }, (_, i) => i);
    expect(Math.exp(logExceedance(sorted, 50))).toBeCloseTo(50 / 100, 10);
    expect(logExceedance(sorted, 2000)).toBeLessThan(logExceedance(sorted, 500));
  });

  it('gives a constant null a finite "beyond all history" value', () => {
    const flat = new Array(40).fill(0);
    const v = logExceedance(flat, 5);
    expect(v).toBeLessThan(logExceedance(flat, 0));
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBe(logExceedance(flat, 5e9));
  });
});

describe('scoreValues', () => {
  it('scores a sustained shift far above a single blip', () => {
    const history = noise(1, 300);
    const shifted = scoreValues(history, [...noise(2, 10), ...noise(3, 50, 110)], 1000, OPTIONS);
    const blip = scoreValues(history, [...noise(4, 30), 130, ...noise(5, 29)], 1000, OPTIONS);
    expect(shifted.z).toBeGreaterThan(5);
    expect(shifted.z).toBeGreaterThan(3 * blip.z);
  });

  // Regression: median/IQR with a relative floor turned one step of a quantised signal
  // (a p99 on a bucket boundary, IQR 0) into a score of 10^2..10^4 that beat real faults.
  it('does not let a quantised signal blow up on an ordinary step', () => {
    const rand = seeded(7);
    const quantised = Array.from({ length: 300 }, () => (rand() < 0.9 ? 250 : 500));
    const q = scoreValues(quantised, [250, 500, 500, 250, 250, 500, 250, 250], 60_000, OPTIONS);
    const history = noise(8, 300);
    const real = scoreValues(history, [...noise(9, 3), ...noise(10, 5, 108)], 60_000, OPTIONS);
    expect(q.z).toBeLessThan(real.z);
    expect(q.z).toBeLessThan(3);
  });

  // Regression: an interpolated histogram p99 sitting on one bucket boundary differed from
  // itself only in the last bits; that rounding noise became the tail scale and a real rise
  // scored a z of 24 million, outranking the faulty service in the bench.
  it('treats rounding noise in a quantised null as no spread', () => {
    const history = Array.from({ length: 300 }, (_, i) => 25 + (i % 7 === 0 ? 1e-14 : 0));
    const s = scoreValues(history, new Array(30).fill(400), 10_000, OPTIONS);
    expect(s.z).toBeLessThan(10);
  });

  it('gives a signal that was constant a finite score when it moves', () => {
    const s = scoreValues(new Array(200).fill(42), new Array(20).fill(43), 1000, OPTIONS);
    expect(Number.isFinite(s.z)).toBe(true);
    expect(s.z).toBeGreaterThan(0);
  });

  // Regression: "unusual against the last hour" scored a level shift that predates the
  // window (a deploy, a restart) as the fault.
  it('does not count a shift already present before the window (onset check)', () => {
    const history = [...noise(11, 250), ...noise(12, 700, 120)];
    const s = scoreValues(history, noise(13, 60, 120), 1000, OPTIONS);
    expect(s.z).toBeLessThan(2);
  });

  it('sizes runs from the step: two points at a five-minute step', () => {
    const s = scoreValues(noise(14, 100), noise(15, 6, 120), 300_000, OPTIONS);
    expect(s.runPoints).toBe(2);
    expect(s.z).toBeGreaterThan(2);
    expect(scoreValues(noise(14, 600), noise(15, 60), 1000, OPTIONS).runPoints).toBe(20);
  });
});

describe('calibratedScore', () => {
  it('is undefined without enough history or an empty window', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ t: i * 1000, v: i }));
    expect(
      calibratedScore(points, { historyFrom: 0, windowFrom: 3000, windowTo: 20_000 }, OPTIONS),
    ).toBeUndefined();
    expect(
      calibratedScore(points, { historyFrom: 0, windowFrom: 20_000, windowTo: 30_000 }, OPTIONS),
    ).toBeUndefined();
  });
});
