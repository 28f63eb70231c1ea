import { describe, expect, it } from 'vitest';
import type { IncidentStore } from '../../../alerting/incidents/incident-store.js';
import type { Incident } from '../../../correlate/incidents/incident.js';
import { type IncidentEvent, incidentEvent } from '../../../correlate/incidents/incident-events.js';

export interface IncidentStoreUnderTest {
  store: IncidentStore;
  /** A token that holds the lease the store fences on, and one that does not. */
  fence: { holder: string; stale: string };
}

/** Retention every store under test is made with. */
export const TEST_RETENTION = { retentionMs: 3_600_000, maxResolved: 3 };

const T = Date.UTC(2025, 0, 10, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

function incident(id: string, openedMs: number, resolvedMs?: number): Incident {
  return {
    id,
    status: resolvedMs === undefined ? 'open' : 'resolved',
    openedAt: iso(openedMs),
    ...(resolvedMs === undefined ? {} : { resolvedAt: iso(resolvedMs) }),
    services: ['carts'],
    alerts: [
      {
        key: `faultline:f${id}:${openedMs}`,
        fingerprint: 'f'.repeat(16),
        alertname: 'SLOBurnRatePage',
        service: 'carts',
        severity: 'page',
        state: resolvedMs === undefined ? 'firing' : 'resolved',
        source: 'faultline',
        since: iso(openedMs),
      },
    ],
    timeline: [{ at: iso(openedMs), kind: 'opened', text: 'Opened by SLOBurnRatePage (page) on carts' }],
    rootCause: {
      at: iso(openedMs),
      candidates: [
        {
          rank: 1,
          node: 'carts-db',
          score: 12.5,
          explainedBy: null,
          evidence: {
            signals: [
              {
                signal: 'inbound_error_rate',
                anomalyScore: 25,
                correlation: 0.9,
                series: [{ t: openedMs, v: 1 }],
              },
            ],
            path: ['carts', 'carts-db'],
          },
        },
      ],
    },
    updatedAt: iso(openedMs),
  };
}

const claim = (
  store: IncidentStore,
  notifier: string,
  incidentId: string,
  holder: string,
  nowMs: number,
  untilMs: number,
) => store.claimMessage({ notifier, incidentId, holder, nowMs, untilMs });
const opened = (i: Incident): IncidentEvent => incidentEvent('opened', i, i.openedAt);
const ids = (list: readonly Incident[]) => list.map((i) => i.id);

/** The behaviour every IncidentStore adapter shares. */
export function incidentStoreConformance(name: string, make: () => Promise<IncidentStoreUnderTest>): void {
  describe(`${name}: incident store and outbox`, () => {
    it('stores incidents whole and lists them newest first, by status and limit', async () => {
      const { store, fence } = await make();
      const [a, b, c] = [incident('a', T), incident('b', T + 2000, T + 3000), incident('c', T + 1000)];
      expect(await store.commit({ upserts: [a, b, c], enqueue: [], nowMs: T }, fence.holder)).toBe(true);
      expect(await store.get('a')).toEqual({ ...a, revision: 1 });
      expect(await store.get('nope')).toBeUndefined();
      expect(ids(await store.list())).toEqual(['b', 'c', 'a']);
      expect(ids(await store.list({ status: 'open' }))).toEqual(['c', 'a']);
      expect(ids(await store.list({ status: 'resolved' }))).toEqual(['b']);
      expect(ids(await store.list({ limit: 2 }))).toEqual(['b', 'c']);
      expect(ids(await store.open())).toEqual(['c', 'a']);
      const resolvedA = { ...a, status: 'resolved' as const, resolvedAt: iso(T + 5000) };
      await store.commit({ upserts: [resolvedA], enqueue: [], nowMs: T + 5000 }, fence.holder);
      expect(ids(await store.open())).toEqual(['c']);
      expect(ids(await store.list({ status: 'resolved' }))).toEqual(['b', 'a']);
    });

    it('writes a changed incident only at the revision it was read at, refusing the whole commit otherwise', async () => {
      const { store, fence } = await make();
      await store.commit(
        { upserts: [incident('a', T), incident('b', T)], enqueue: [], nowMs: T },
        fence.holder,
      );
      const read = (await store.get('a'))!;
      expect(read.revision).toBe(1);
      // A person acknowledges it (unfenced, from the API), at the revision read.
      const acked = { ...read, acknowledged: { by: 'ana', at: iso(T + 1) } };
      expect(await store.commit({ upserts: [acked], enqueue: [], nowMs: T }, null)).toBe(true);
      // The engine's change computed from the older copy is refused, with everything in it.
      const stale = { ...read, services: ['carts', 'orders'] };
      const b = (await store.get('b'))!;
      const ok = await store.commit(
        {
          upserts: [{ ...b, services: ['x'] }, stale],
          enqueue: [{ notifier: 'n', event: opened(stale), dueAtMs: 0 }],
          nowMs: T,
        },
        fence.holder,
      );
      expect(ok).toBe(false);
      expect(await store.get('a')).toMatchObject({
        acknowledged: { by: 'ana' },
        services: ['carts'],
        revision: 2,
      });
      expect((await store.get('b'))?.services).toEqual(['carts']);
      expect(await store.pending('n')).toBe(0);
    });

    it('filters by state: open (not acknowledged), acknowledged, resolved', async () => {
      const { store, fence } = await make();
      const acked = { ...incident('a', T), acknowledged: { by: 'ana', at: iso(T) } };
      const upserts = [acked, incident('b', T + 1000), incident('c', T + 2000, T + 3000)];
      await store.commit({ upserts, enqueue: [], nowMs: T }, fence.holder);
      expect(ids(await store.list({ state: 'open' }))).toEqual(['b']);
      expect(ids(await store.list({ state: 'acknowledged' }))).toEqual(['a']);
      expect(ids(await store.list({ state: 'resolved' }))).toEqual(['c']);
      expect(ids(await store.list({ status: 'open' }))).toEqual(['b', 'a']);
      expect(ids(await store.list({ state: 'open', status: 'resolved' }))).toEqual([]);
    });

    it("keeps each incident's chat message per notifier; one poster at a time reserves the first post", async () => {
      const { store, fence } = await make();
      await store.commit({ upserts: [incident('a', T)], enqueue: [], nowMs: T }, fence.holder);
      expect(await claim(store, 'slack:x', 'a', 'i1', 1000, 5000)).toEqual({ reserved: true });
      expect(await claim(store, 'slack:x', 'a', 'i2', 2000, 6000)).toEqual({ busy: true });
      expect(await claim(store, 'slack:x', 'a', 'i1', 2000, 6000)).toEqual({ reserved: true });
      // Another notifier is independent; an expired reservation passes to whoever asks.
      expect(await claim(store, 'slack:y', 'a', 'i2', 2000, 6000)).toEqual({ reserved: true });
      expect(await claim(store, 'slack:y', 'a', 'i3', 6001, 9000)).toEqual({ reserved: true });
      const ref = { channel: 'C1', ts: '1700000000.000100', replied: [] };
      await store.saveMessage('slack:x', 'a', ref);
      expect(await claim(store, 'slack:x', 'a', 'i2', 3000, 7000)).toEqual({ ref });
      const replied = { ...ref, replied: ['incident:a:acknowledged'] };
      await store.saveMessage('slack:x', 'a', replied);
      expect(await claim(store, 'slack:x', 'a', 'i9', 3000, 7000)).toEqual({ ref: replied });
      // Not for incidents the store does not hold.
      await store.saveMessage('slack:x', 'gone', ref);
      expect(await claim(store, 'slack:x', 'gone', 'i1', 3000, 7000)).toEqual({ reserved: true });
    });

    it('refuses a commit whose fence no longer holds the lease, writing nothing', async () => {
      const { store, fence } = await make();
      const a = incident('a', T);
      const ok = await store.commit(
        { upserts: [a], enqueue: [{ notifier: 'n', event: opened(a), dueAtMs: 0 }], nowMs: T },
        fence.stale,
      );
      expect(ok).toBe(false);
      expect(await store.list()).toEqual([]);
      expect(await store.pending('n')).toBe(0);
    });

    it('drops resolved incidents past the retention and beyond the count, never open ones', async () => {
      const { store, fence } = await make();
      const old = [1, 2, 3, 4].map((n) => incident(`r${n}`, T + n, T + n * 1000));
      await store.commit(
        { upserts: [incident('open', T - 10 * 3_600_000), ...old], enqueue: [], nowMs: T },
        fence.holder,
      );
      // At most 3 resolved: the one resolved first goes.
      expect(ids(await store.list({ status: 'resolved' }))).toEqual(['r4', 'r3', 'r2']);
      await store.commit(
        { upserts: [], enqueue: [], nowMs: T + 3001 + TEST_RETENTION.retentionMs },
        fence.holder,
      );
      expect(ids(await store.list())).toEqual(['r4', 'open']);
      expect(await store.get('r2')).toBeUndefined();
    });

    it('queues an event once per notifier however often it is committed, even after delivery', async () => {
      const { store, fence } = await make();
      const a = incident('a', T);
      const e = opened(a);
      const enqueue = [
        { notifier: 'n1', event: e, dueAtMs: 0 },
        { notifier: 'n2', event: e, dueAtMs: 0 },
      ];
      await store.commit({ upserts: [a], enqueue, nowMs: T }, fence.holder);
      await store.commit({ upserts: [a], enqueue, nowMs: T }, fence.holder);
      expect([await store.pending('n1'), await store.pending('n2')]).toEqual([1, 1]);
      expect(await store.claim('n1', 10, 1000)).toEqual({ notifier: 'n1', event: e, attempt: 1 });
      await store.complete('n1', e.id, 20);
      await store.commit({ upserts: [], enqueue, nowMs: T }, fence.holder);
      expect([await store.pending('n1'), await store.pending('n2')]).toEqual([0, 1]);
      expect(await store.claim('n1', 10_000, 1000)).toBeUndefined();
    });

    it('claims the longest-due event once, again after the claim times out, and retries at the time given', async () => {
      const { store, fence } = await make();
      const [a, b] = [incident('a', T), incident('b', T)];
      await store.commit(
        {
          upserts: [],
          enqueue: [
            { notifier: 'n', event: opened(b), dueAtMs: 200 },
            { notifier: 'n', event: opened(a), dueAtMs: 100 },
          ],
          nowMs: T,
        },
        fence.holder,
      );
      expect(await store.claim('n', 50, 1000)).toBeUndefined();
      expect((await store.claim('n', 300, 1000))?.event.id).toBe('incident:a:opened');
      expect((await store.claim('n', 400, 1000))?.event.id).toBe('incident:b:opened');
      expect(await store.claim('n', 400, 1000)).toBeUndefined();
      expect(await store.claim('n', 1300, 1000)).toMatchObject({
        attempt: 2,
        event: { id: 'incident:a:opened' },
      });
      await store.complete('n', 'incident:a:opened', 1400);
      await store.retry('n', 'incident:b:opened', 5000);
      expect(await store.claim('n', 4999, 1000)).toBeUndefined();
      expect(await store.claim('n', 5000, 1000)).toMatchObject({
        attempt: 2,
        event: { id: 'incident:b:opened' },
      });
      await store.complete('n', 'incident:b:opened', 5100);
      await store.retry('n', 'incident:b:opened', 5200);
      expect(await store.claim('n', 9000, 1000)).toBeUndefined();
      expect(await store.pending('n')).toBe(0);
    });
  });
}
