import { describe, expect, it } from 'vitest';
import { rankCalibrated } from '../../correlate/calibrated-rank.js';
import type { Point, RankInput } from '../../correlate/types.js';
import { seeded } from '../../sim/random.js';
import { gaussian } from './synthetic.js';

const T = Date.UTC(2024, 0, 1, 12);
const STEP = 60_000;

/** Errors injected in `db`: every caller up the chain fails too, `orders` (two calls per request) more often. */
function errorChain(): RankInput {
  const g = gaussian(seeded(5));
  const rates: Record<string, number> = { 'front-end': 0.9, orders: 0.9, user: 0.6, 'user-db': 0.6 };
  const series = new Map<string, Map<string, Point[]>>();
  for (const node of Object.keys(rates)) {
    const errors: Point[] = [];
    const cpu: Point[] = [];
    for (let t = T - 4 * 3_600_000; t < T + 15 * 60_000; t += STEP) {
      // none of them failed before T: every error rate is beyond all history
      errors.push({ t, v: t >= T ? rates[node]! + 0.01 * g() : 0 });
      cpu.push({ t, v: 0.3 + 0.02 * g() });
    }
    series.set(
      node,
      new Map([
        ['error_rate', errors],
        ['cpu', cpu],
      ]),
    );
  }
  return {
    series,
    edges: [
      { source: 'front-end', target: 'orders' },
      { source: 'orders', target: 'user' },
      { source: 'user', target: 'user-db' },
    ],
    anomalyTimeMs: T,
    slo: { node: 'front-end', signal: 'error_rate' },
  };
}

describe('exoneration by a callee on the calibrated scale', () => {
  // Regression (simulator, 1 min step, errors injected in user-db: orders, calling user twice
  // per request, failed more often than user in raw units, so the raw-unit bound did not
  // exonerate it, and both error rates were beyond all history: orders tied user-db).
  it('puts the origin of errors above a caller that fails more often than its callee', () => {
    const ranking = rankCalibrated(errorChain());
    expect(ranking.candidates[0]?.node).toBe('user-db');
    const orders = ranking.candidates.find((c) => c.node === 'orders');
    expect(orders?.explainedBy).toBe('user');
  });

  // Regression (the API test's checkout -> payment -> payment-db: payment's error rate is
  // the SLI itself, r = 1; once exonerated by payment-db it still kept its correlation
  // bonus, z +8, and outranked the database that caused it).
  it('takes the correlation bonus away from a caller its callee explains', () => {
    const g = gaussian(seeded(8));
    const sli: Point[] = [];
    const db: Point[] = [];
    const cpu: Point[] = [];
    let i = 0;
    for (let t = T - 40 * 60_000; t < T + 12 * 60_000; t += 10_000) {
      const broken = t >= T;
      sli.push({ t, v: broken ? 0.8 : 0 });
      // the database's errors had short bursts before (a sparse null), none of its callers had
      db.push({ t, v: broken ? 0.8 : i % 40 < 4 ? 0.1 : 0 });
      cpu.push({ t, v: 0.3 + 0.02 * g() });
      i++;
    }
    const input: RankInput = {
      series: new Map([
        ['checkout', new Map([['error_rate', sli]])],
        [
          'payment',
          new Map([
            ['error_rate', sli],
            ['cpu', cpu],
          ]),
        ],
        ['payment-db', new Map([['inbound_error_rate', db]])],
      ]),
      edges: [
        { source: 'checkout', target: 'payment' },
        { source: 'payment', target: 'payment-db' },
      ],
      anomalyTimeMs: T,
      slo: { node: 'checkout', signal: 'error_rate' },
    };
    const ranking = rankCalibrated(input);
    expect(ranking.candidates.find((c) => c.node === 'payment')?.explainedBy).toBe('payment-db');
    expect(ranking.candidates[0]?.node).toBe('payment-db');
  });
});
