import { beforeEach, describe, expect, it } from 'vitest';
import type {
  ExternalAlert,
  ExternalAlertStore,
  ExternalAlertStoreLimits,
} from '../../../alerting/receiver/external-alert-store.js';

const HOUR = 3_600_000;
const START = Date.parse('2025-03-01T12:00:00Z');
let now = START;

export function external(fingerprint: string, overrides: Partial<ExternalAlert> = {}): ExternalAlert {
  return {
    fingerprint,
    status: 'firing',
    labels: { alertname: 'X', service: 'payments' },
    annotations: {},
    startsAt: '2025-03-01T10:00:00.000Z',
    service: 'payments',
    receivedAt: new Date(now).toISOString(),
    source: { receiver: 'faultline', groupKey: '{}', externalURL: '' },
    ...overrides,
  };
}

/** The behaviour every ExternalAlertStore adapter shares; `make` returns a new, empty store. */
export function externalAlertStoreConformance(
  name: string,
  make: (limits: ExternalAlertStoreLimits) => Promise<ExternalAlertStore>,
): void {
  describe(`ExternalAlertStore conformance: ${name}`, () => {
    // Tests move the clock; each starts from the same instant, whichever suite ran before.
    beforeEach(() => {
      now = START;
    });

    it('keeps one alert per fingerprint, the latest word on it', async () => {
      const store = await make({ now: () => now });
      expect(await store.record([external('a'), external('b', { service: 'checkout' })])).toBe(2);
      expect(
        await store.record([external('a', { status: 'resolved', endsAt: '2025-03-01T11:00:00.000Z' })]),
      ).toBe(1);
      expect((await store.get('a'))?.status).toBe('resolved');
      expect((await store.list({ status: 'firing' })).map((a) => a.fingerprint)).toEqual(['b']);
      expect((await store.list({ service: 'payments' })).map((a) => a.fingerprint)).toEqual(['a']);
    });

    it('an identical replay counted as changed; now it only refreshes when it was heard of', async () => {
      const store = await make({ now: () => now });
      expect(await store.record([external('a')])).toBe(1);
      now += HOUR;
      expect(await store.record([external('a')])).toBe(0);
      expect((await store.get('a'))?.receivedAt).toBe(new Date(now).toISOString());
      expect(await store.record([external('a', { annotations: { summary: 'worse' } })])).toBe(1);
    });

    it('ignores a late firing after resolved for the same occurrence, but takes a new occurrence', async () => {
      const store = await make({ now: () => now });
      await store.record([external('a', { status: 'resolved', endsAt: '2025-03-01T11:00:00.000Z' })]);
      expect(await store.record([external('a')])).toBe(0);
      expect(await store.record([external('a', { startsAt: '2025-03-01T09:00:00.000Z' })])).toBe(0);
      expect(await store.record([external('a', { startsAt: '2025-03-01T11:30:00.000Z' })])).toBe(1);
      expect((await store.get('a'))?.status).toBe('firing');
    });

    it('forgets alerts past retention, and the least recently heard of beyond its size', async () => {
      const store = await make({ now: () => now, retentionMs: 24 * HOUR, maxAlerts: 2 });
      await store.record([external('old', { status: 'resolved', endsAt: '2025-03-01T11:00:00.000Z' })]);
      await store.record([external('a'), external('b')]);
      expect((await store.list()).map((a) => a.fingerprint).sort()).toEqual(['a', 'b']);
      now += 25 * HOUR;
      await store.record([external('c', { receivedAt: new Date(now).toISOString() })]);
      expect((await store.list()).map((a) => a.fingerprint)).toEqual(['c']);
    });

    it('held any number of bytes (80 alerts of 7.5 MiB held 672 MiB); now the least recently recorded go past maxBytes, counted', async () => {
      let evicted = 0;
      const store = await make({ now: () => now, maxBytes: 20_000, onEvicted: (n) => (evicted += n) });
      const big = (f: string) => external(f, { annotations: { description: 'x'.repeat(6_000) } });
      await store.record([big('a'), big('b'), big('c')]);
      expect((await store.list()).map((a) => a.fingerprint).sort()).toEqual(['a', 'b', 'c']);
      await store.record([big('d')]);
      expect((await store.list()).map((a) => a.fingerprint).sort()).toEqual(['b', 'c', 'd']);
      // an update replaces its old bytes, it does not add to them
      await store.record([external('b', { annotations: { summary: 'small now' } })]);
      await store.record([big('e')]);
      expect((await store.list()).map((a) => a.fingerprint).sort()).toEqual(['b', 'c', 'd', 'e']);
      const held = (await store.list()).reduce((sum, a) => sum + Buffer.byteLength(JSON.stringify(a)), 0);
      expect(held).toBeLessThanOrEqual(20_000);
      expect(evicted).toBe(1);
    });

    it('hands out copies: callers cannot change what is stored', async () => {
      const store = await make({ now: () => now });
      await store.record([external('a')]);
      const [copy] = await store.list();
      copy!.labels.alertname = 'changed';
      expect((await store.get('a'))?.labels.alertname).toBe('X');
    });
  });
}
