import { describe, expect, it } from 'vitest';
import {
  calibratedScore,
  logExceedance,
  runStatistics,
  scoreValues,
} from '../../correlate/calibrated-score.js';
import { DEFAULT_RANK_OPTIONS } from '../../correlate/options.js';
import { seeded } from '../../sim/random.js';
import { gaussian } from './synthetic.js';

const OPTIONS = {
  sustainMs: 20_000,
  onsetMs: 600_000,
  minNullPoints: DEFAULT_RANK_OPTIONS.minNullPoints,
  minNullRuns: 8,
  tailScaleFloor: DEFAULT_RANK_OPTIONS.tailScaleFloor,
  constantNullStrength: DEFAULT_RANK_OPTIONS.constantNullStrength,
};

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
  // Regression (simulator, 5 min step: error faults at user-db and redis-cache ranked 4th):
  // an error rate that never left 0 in its history scored z 2.2 when it went to 67 %, while
  // a caller whose history held one small non-zero run scored z 17 on the propagated errors.
  it('scores a clean counter leaving 0 as strong evidence, not the weakest', () => {
    const clean = new Array(48).fill(0);
    const s = scoreValues(clean, [0, 0.66, 0.67, 0.67], 300_000, OPTIONS);
    expect(s.z).toBeGreaterThan(7);
    expect(Number.isFinite(s.z)).toBe(true);
    const sparse = new Array(48).fill(0);
    sparse[30] = 0.032;
    sparse[31] = 0.031;
    const propagated = scoreValues(sparse, [0, 0.66, 0.67, 0.67], 300_000, OPTIONS);
    // Both are far beyond anything in their history; neither is negligible beside the other.
    expect(s.z).toBeGreaterThan(propagated.z / 3);
  });

  // Regression (simulator, outage of orders at a 5 min step: payment, starved of traffic,
  // sent one last point with 2.5 % errors and nothing after it; that one point was judged as
  // a whole run and made payment the top candidate).
  it('does not count one last point of a series that went silent as a sustained run', () => {
    const s = scoreValues(new Array(48).fill(0), [0.025], 300_000, OPTIONS);
    expect(s.runPoints).toBe(2);
    expect(s.z).toBeLessThan(1);
  });

  // Regression (Sock Shop: memory of nodes the fault never touched stepped a few per cent
  // between two recordings; its noise is one part in 10^6 of its level, so the step scored
  // z 245 and beat a CPU hog's z 58): the tail's scale is at least a share of the level.
  it('ranks a tenfold CPU rise above a few per cent of a barely-moving gauge', () => {
    const g = gaussian(seeded(21));
    const mem = Array.from({ length: 300 }, () => 2e8 + 100 * g());
    const memStep = scoreValues(mem, new Array(60).fill(2.06e8), 1000, OPTIONS);
    const cpu = Array.from({ length: 300 }, () => 0.1 + 0.02 * g());
    const hog = scoreValues(cpu, new Array(60).fill(1), 1000, OPTIONS);
    expect(hog.z).toBeGreaterThan(memStep.z);
  });

  // Changes below about `tailScaleFloor` (10 %) of the level are weak evidence by design.
  it('scores a sustained shift far above a single blip', () => {
    const history = noise(1, 300);
    const shifted = scoreValues(history, [...noise(2, 10), ...noise(3, 50, 200)], 1000, OPTIONS);
    const blip = scoreValues(history, [...noise(4, 30), 300, ...noise(5, 29)], 1000, OPTIONS);
    // A doubling is ten tail scales past the history: p about e^-10, z above 4.
    expect(shifted.z).toBeGreaterThan(4);
    expect(shifted.z).toBeGreaterThan(2 * blip.z);
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
    expect(Number.isFinite(s.z)).toBe(true);
    expect(s.z).toBeLessThan(30);
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
    const s = scoreValues(noise(14, 100), noise(15, 6, 150), 300_000, OPTIONS);
    expect(s.runPoints).toBe(2);
    expect(s.z).toBeGreaterThan(2);
    expect(scoreValues(noise(14, 600), noise(15, 60), 1000, OPTIONS).runPoints).toBe(20);
  });
});

describe('calibratedScore', () => {
  it('is undefined without enough history or an empty window', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ t: i * 1000, v: i }));
    expect(
      calibratedScore(points, { historyFrom: 0, windowFrom: 2000, windowTo: 20_000 }, OPTIONS),
    ).toBeUndefined();
    expect(
      calibratedScore(points, { historyFrom: 0, windowFrom: 20_000, windowTo: 30_000 }, OPTIONS),
    ).toBeUndefined();
  });

  // Regression (Sock Shop resampled to 1 min: about three minutes of history leave 3 points
  // before the window, and 5 were required, so no case was ranked at all).
  it('scores a signal from three history points, weakly unless the change is large', () => {
    const at = (vs: number[]) => vs.map((v, i) => ({ t: i * 60_000, v }));
    const range = { historyFrom: 0, windowFrom: 180_000, windowTo: 600_000 };
    const hog = calibratedScore(at([1.2, 1.3, 1.2, 1.2, 60, 95, 98]), range, OPTIONS);
    const steady = calibratedScore(at([1.2, 1.3, 1.2, 1.25, 1.3, 1.2, 1.25]), range, OPTIONS);
    expect(hog).toBeDefined();
    expect(steady).toBeDefined();
    expect(hog!.z).toBeGreaterThan(steady!.z + 3);
    expect(steady!.z).toBeLessThan(1);
  });
});
