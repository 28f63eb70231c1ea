import { describe, expect, it } from 'vitest';
import { rankCalibrated } from '../../correlate/calibrated-rank.js';
import type { Point, RankInput } from '../../correlate/types.js';
import { seeded } from '../../sim/random.js';
import { gaussian } from './synthetic.js';

const T = Date.UTC(2024, 0, 1, 12);
const STEP = 10_000;

/**
 * The demo's shape: `front-end` -> `carts` -> `carts-db`, the SLO on `carts`' own error rate.
 * Every service has a little background error rate, a request rate, its error count and
 * latency; from T `failing`'s error rate jumps to 0.3 and every caller up the chain sees
 * errors too (slightly fewer than the node it calls). With `lagMs` the fault starts that long
 * before the anomaly time, as it does before a burn-rate alert fires.
 */
function ownSloIncident(failing: 'carts' | 'carts-db', lagMs = 0): RankInput {
  const g = gaussian(seeded(failing === 'carts' ? 21 : 22));
  const chain = ['front-end', 'carts', 'carts-db'];
  const depth = chain.indexOf(failing);
  const series = new Map<string, Map<string, Point[]>>();
  chain.forEach((node, i) => {
    const errorRate: Point[] = [];
    const errors: Point[] = [];
    const requests: Point[] = [];
    const latency: Point[] = [];
    const cpu: Point[] = [];
    for (let t = T - 60 * 60_000; t < T + 10 * 60_000; t += STEP) {
      // Only the failing node and its callers (smaller index) see the fault's errors.
      const faulty = t >= T - lagMs && i <= depth ? 0.3 * 0.9 ** (depth - i) : 0;
      const rate = Math.max(0, 0.01 + 0.003 * g() + faulty);
      const rps = 20 + g();
      errorRate.push({ t, v: rate });
      errors.push({ t, v: rate * rps });
      requests.push({ t, v: rps });
      latency.push({ t, v: 40 + 2 * g() });
      cpu.push({ t, v: 0.3 + 0.02 * g() });
    }
    series.set(
      node,
      new Map([
        ['error_rate', errorRate],
        ['errors', errors],
        ['requests', requests],
        ['latency_p99', latency],
        ['metric:cpu', cpu],
      ]),
    );
  });
  return {
    series,
    edges: [
      { source: 'front-end', target: 'carts' },
      { source: 'carts', target: 'carts-db' },
    ],
    anomalyTimeMs: T,
    slo: { node: 'carts', signal: 'error_rate' },
  };
}

describe('the calibrated ranker on a service failing on its own SLO', () => {
  // Regression (`faultline serve --demo`, errors injected into carts, whose own SLO pages:
  // every signal of the SLI's role at the SLO's node was left out as the symptom, so carts
  // had no error evidence and its caller front-end ranked first, carts not in the top five).
  it('puts the SLO node first when it fails by itself and its callees are healthy', () => {
    const ranking = rankCalibrated(ownSloIncident('carts'));
    expect(ranking.candidates[0]?.node).toBe('carts');
    // The caller is cleared by the node it calls, as on any other SLO.
    expect(ranking.candidates.find((c) => c.node === 'front-end')?.explainedBy).toBe('carts');
  });

  // Regression (the same demo: the page fired eight minutes after the fault began, so the
  // window opened on errors already there and the onset check scored carts' change as none).
  it('opens the window where the SLI began to move when the alert time lags the fault', () => {
    const ranking = rankCalibrated(ownSloIncident('carts', 8 * 60_000));
    expect(ranking.candidates[0]?.node).toBe('carts');
    expect(ranking.candidates[0]?.ownScore).toBeGreaterThan(3);
  });

  it('still puts a failing callee above the SLO node whose errors it causes', () => {
    const ranking = rankCalibrated(ownSloIncident('carts-db'));
    expect(ranking.candidates[0]?.node).toBe('carts-db');
  });
});
