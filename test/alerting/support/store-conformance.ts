import { describe, expect, it } from 'vitest';
import type { AlertTransition } from '../../../alerting/alert.js';
import type { AlertRecord, AlertStore } from '../../../alerting/alert-store.js';
import type { Outbox } from '../../../alerting/outbox.js';

export interface StoreUnderTest {
  store: AlertStore & Outbox;
  /** A token that holds the lease the store fences on, and one that does not. */
  fence: { holder: string; stale: string };
}

const transition = (id: string): AlertTransition => ({
  id,
  from: 'inactive',
  to: 'firing',
  at: '2025-01-10T12:00:00.000Z',
  alert: {
    fingerprint: id.split(':')[0] ?? id,
    labels: { alertname: 'SLOBurnRatePage', slo: 'a/b' },
    annotations: {},
    state: 'firing',
    severity: 'page',
    sloId: 'a/b',
    service: 'a',
    since: '2025-01-10T12:00:00.000Z',
    burnRates: { '5m': 20 },
    generatorURL: 'http://x/api/v1/slos/a%2Fb',
  },
});

const record = (key: string, t = transition(`${key}:firing:1`)): AlertRecord => ({
  key,
  machine: { state: 'firing', sinceMs: 1, activeSinceMs: 1, firedAtMs: 1 },
  episode: { longWindowMinutes: 60, shortWindowMinutes: 5, factor: 14.4 },
  alert: t.alert,
});

/** The behaviour every AlertStore + Outbox adapter shares. */
export function alertStoreConformance(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name}: alert store and outbox`, () => {
    it('commits records and deletes, and loads them back', async () => {
      const { store, fence } = await make();
      expect(
        await store.commit({ upserts: [record('a'), record('b')], deletes: [], enqueue: [] }, fence.holder),
      ).toBe(true);
      expect(await store.commit({ upserts: [], deletes: ['a'], enqueue: [] }, fence.holder)).toBe(true);
      expect(await store.load()).toEqual([record('b')]);
    });

    it('refuses a commit whose fence no longer holds the lease, writing nothing', async () => {
      const { store, fence } = await make();
      const t = transition('f1:firing:1');
      const ok = await store.commit(
        { upserts: [record('a')], deletes: [], enqueue: [{ notifier: 'n', transition: t, dueAtMs: 0 }] },
        fence.stale,
      );
      expect(ok).toBe(false);
      expect(await store.load()).toEqual([]);
      expect(await store.pending('n')).toBe(0);
    });

    it('queues a transition once per notifier however often it is committed, even after delivery', async () => {
      const { store, fence } = await make();
      const t = transition('f1:firing:1');
      const enqueue = [
        { notifier: 'n1', transition: t, dueAtMs: 0 },
        { notifier: 'n2', transition: t, dueAtMs: 0 },
      ];
      await store.commit({ upserts: [], deletes: [], enqueue }, fence.holder);
      await store.commit({ upserts: [], deletes: [], enqueue }, fence.holder);
      expect([await store.pending('n1'), await store.pending('n2')]).toEqual([1, 1]);
      const claimed = await store.claim('n1', 10, 1000);
      expect(claimed).toEqual({ notifier: 'n1', transition: t, attempt: 1 });
      await store.complete('n1', t.id, 20);
      await store.commit({ upserts: [], deletes: [], enqueue }, fence.holder);
      expect([await store.pending('n1'), await store.pending('n2')]).toEqual([0, 1]);
      expect(await store.claim('n1', 10_000, 1000)).toBeUndefined();
    });

    it('claims the longest-due entry once; it is claimable again only after the claim times out', async () => {
      const { store, fence } = await make();
      const [a, b] = [transition('a:firing:1'), transition('b:firing:1')];
      await store.commit(
        {
          upserts: [],
          deletes: [],
          enqueue: [
            { notifier: 'n', transition: b, dueAtMs: 200 },
            { notifier: 'n', transition: a, dueAtMs: 100 },
          ],
        },
        fence.holder,
      );
      expect(await store.claim('n', 50, 1000)).toBeUndefined();
      expect((await store.claim('n', 300, 1000))?.transition.id).toBe(a.id);
      expect((await store.claim('n', 300, 1000))?.transition.id).toBe(b.id);
      expect(await store.claim('n', 300, 1000)).toBeUndefined();
      const again = await store.claim('n', 1300, 1000);
      expect(again).toMatchObject({ attempt: 2 });
    });

    it('retries a claimed entry at the given time, but not one completed meanwhile', async () => {
      const { store, fence } = await make();
      const t = transition('r:firing:1');
      await store.commit(
        { upserts: [], deletes: [], enqueue: [{ notifier: 'n', transition: t, dueAtMs: 0 }] },
        fence.holder,
      );
      await store.claim('n', 0, 60_000);
      await store.retry('n', t.id, 500);
      expect(await store.claim('n', 499, 60_000)).toBeUndefined();
      expect(await store.claim('n', 500, 60_000)).toMatchObject({ attempt: 2 });
      await store.complete('n', t.id, 600);
      await store.retry('n', t.id, 700);
      expect(await store.claim('n', 800, 60_000)).toBeUndefined();
      expect(await store.pending('n')).toBe(0);
    });
  });
}
