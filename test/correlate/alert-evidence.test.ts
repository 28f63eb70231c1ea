import { describe, expect, it } from 'vitest';
import { MemoryExternalAlertStore } from '../../alerting/receiver/memory-external-alert-store.js';
import { ALERT_LOG_P, alertEvidence } from '../../correlate/alert-evidence.js';
import { rankRootCauses } from '../../correlate/rank.js';
import { externalAlertSource } from '../../engine/alert-source.js';
import { twoEqualCallees } from './synthetic.js';

const T = Date.UTC(2024, 0, 1, 12);
const window = {
  baseline: { from: T - 3_600_000, to: T - 120_000 },
  window: { from: T - 120_000, to: T + 600_000 },
};

describe('alertEvidence', () => {
  it('counts alerts that start in or shortly before the window, once per start', () => {
    const e = alertEvidence(
      [
        { node: 'a', startsAtMs: T },
        { node: 'a', startsAtMs: T },
        { node: 'b', startsAtMs: T - 5 * 3_600_000 },
      ],
      window,
    );
    expect(e.get('a')).toBe(ALERT_LOG_P);
    expect(e.has('b')).toBe(false);
  });
});

describe('rankRootCauses with alerts as evidence', () => {
  // Two services equally anomalous; an Alertmanager alert names one of them.
  const input = twoEqualCallees(T);

  it('ranks the service an alert names above its equal without one', () => {
    for (const named of ['a', 'b']) {
      const r = rankRootCauses(
        { ...input, alerts: [{ node: named, startsAtMs: T + 60_000 }] },
        { ranker: 'calibrated' },
      );
      expect(r.candidates[0]?.node).toBe(named);
    }
  });
});

describe('externalAlertSource', () => {
  it('gives the live ranker the received alerts that name a service, in the range', async () => {
    const store = new MemoryExternalAlertStore({ now: () => T });
    const alert = (fingerprint: string, service: string | undefined, startsAt: number) => ({
      fingerprint,
      status: 'firing' as const,
      labels: {},
      annotations: {},
      startsAt: new Date(startsAt).toISOString(),
      ...(service === undefined ? {} : { service }),
      receivedAt: new Date(T).toISOString(),
      source: { receiver: 'faultline', groupKey: 'g', externalURL: 'http://am' },
    });
    await store.record([
      alert('0000000000000001', 'carts', T - 60_000),
      alert('0000000000000002', undefined, T - 60_000),
      alert('0000000000000003', 'orders', T - 10 * 3_600_000),
    ]);
    const got = await externalAlertSource(store).alertsBetween(T - 3_600_000, T + 600_000);
    expect(got).toEqual([{ node: 'carts', startsAtMs: T - 60_000 }]);
  });
});
