import { afterEach, describe, expect, it } from 'vitest';
import type { GraphStore, GraphStoreOptions } from '../../topology/graph-store.js';
import type { EdgeSnapshot } from '../../topology/model.js';
import { USER_NODE } from '../../topology/model.js';
import { update } from './fixtures.js';

export interface GraphStoreHarness {
  create(options?: GraphStoreOptions): Promise<GraphStore>;
  cleanup(): Promise<void>;
}

const MIN = 60_000;
/** A minute-aligned time near now (Redis TTLs are relative to the wall clock). */
const BASE = Math.floor(Date.now() / MIN) * MIN - 30 * MIN;

const byEdge = (edges: EdgeSnapshot[]) =>
  Object.fromEntries(edges.map((e) => [`${e.source}->${e.target}`, e]));

/** One behaviour, every adapter: run with `describeGraphStoreConformance(name, harness)`. */
export function describeGraphStoreConformance(name: string, makeHarness: () => GraphStoreHarness): void {
  describe(`GraphStore conformance: ${name}`, () => {
    const harness = makeHarness();
    afterEach(async () => {
      await harness.cleanup();
    });

    it('reads nothing from an empty store', async () => {
      const store = await harness.create();
      expect(await store.read({ fromMs: BASE, toMs: BASE + 10 * MIN })).toEqual([]);
    });

    it('sums statistics over the slices of the range, lastSeen by maximum', async () => {
      const store = await harness.create();
      await store.write([
        update('frontend', 'checkout', BASE, { calls: 3, failedCalls: 1, lastSeenMs: BASE + 5000 }),
        update('frontend', 'checkout', BASE + 10_000, {
          calls: 2,
          clientLatencySumUs: 5000,
          lastSeenMs: BASE + 12_000,
        }),
        update('frontend', 'checkout', BASE + 2 * MIN, {
          calls: 4,
          serverCalls: 0,
          serverLatencySumUs: 0,
          lastSeenMs: BASE + 2 * MIN + 1,
        }),
        update('checkout', 'payment', BASE + MIN),
      ]);
      const edges = byEdge(await store.read({ fromMs: BASE, toMs: BASE + 3 * MIN }));
      expect(Object.keys(edges).sort()).toEqual(['checkout->payment', 'frontend->checkout']);
      expect(edges['frontend->checkout']).toEqual({
        source: 'frontend',
        target: 'checkout',
        connectionType: 'direct',
        sourceKind: 'service',
        targetKind: 'service',
        calls: 9,
        failedCalls: 1,
        clientLatencySumUs: 25_000,
        clientCalls: 3,
        serverLatencySumUs: 16_000,
        serverCalls: 2,
        lastSeenMs: BASE + 2 * MIN + 1,
      });
    });

    it('merges writes of the same edge and slice by addition (several writers)', async () => {
      const store = await harness.create();
      await store.write([update('a', 'b', BASE, { calls: 2 })]);
      await store.write([update('a', 'b', BASE + 20_000, { calls: 3, lastSeenMs: BASE + 20_001 })]);
      await store.write([update('a', 'b', BASE, { calls: 1, lastSeenMs: BASE + 7 })]);
      const [edge] = await store.read({ fromMs: BASE, toMs: BASE + 59_999 });
      expect(edge).toMatchObject({ calls: 6, clientCalls: 3, lastSeenMs: BASE + 20_001 });
    });

    it('answers in whole slices, leaving out edges last seen before the range', async () => {
      const store = await harness.create();
      await store.write([
        update('old', 'x', BASE, { lastSeenMs: BASE + 1000 }),
        update('both', 'x', BASE, { calls: 5, lastSeenMs: BASE + 1000 }),
        update('both', 'x', BASE + 50_000, { calls: 1, lastSeenMs: BASE + 55_000 }),
        update('later', 'x', BASE + 3 * MIN),
      ]);
      const edges = byEdge(await store.read({ fromMs: BASE + 30_000, toMs: BASE + 2 * MIN }));
      expect(Object.keys(edges)).toEqual(['both->x']);
      // The whole first slice counts: calls before fromMs in it are included.
      expect(edges['both->x']?.calls).toBe(6);
      expect(await store.read({ fromMs: BASE + 4 * MIN, toMs: BASE + 9 * MIN })).toEqual([]);
    });

    it('keeps the most specific connection type and node kinds', async () => {
      const store = await harness.create();
      await store.write([
        update('checkout', 'payment', BASE, { connectionType: 'virtual', targetKind: 'virtual' }),
        update('checkout', 'payment', BASE + MIN, { connectionType: 'direct', targetKind: 'service' }),
        update('orders', 'billing', BASE, { connectionType: 'messaging' }),
        update('orders', 'billing', BASE, { connectionType: 'direct' }),
        update(USER_NODE, 'frontend', BASE, {
          connectionType: 'virtual',
          sourceKind: 'user',
          clientCalls: 0,
        }),
        update('checkout', 'pg', BASE, { connectionType: 'database', targetKind: 'database' }),
      ]);
      const edges = byEdge(await store.read({ fromMs: BASE, toMs: BASE + 2 * MIN }));
      expect(edges['checkout->payment']).toMatchObject({ connectionType: 'direct', targetKind: 'service' });
      expect(edges['orders->billing']).toMatchObject({ connectionType: 'messaging', calls: 2 });
      expect(edges['user (external)->frontend']).toMatchObject({
        connectionType: 'virtual',
        sourceKind: 'user',
      });
      expect(edges['checkout->pg']).toMatchObject({ connectionType: 'database', targetKind: 'database' });
    });

    it('keeps any service name apart, including separators and non-ASCII text', async () => {
      const store = await harness.create();
      const names = ['a>b', 'a', 'b>c', '100%', '%3E', 'café ☕', 'with,comma', 'with space'];
      await store.write(
        names.flatMap((s, i) => names.map((t, j) => update(s, t, BASE, { calls: i * 10 + j + 1 }))),
      );
      const edges = await store.read({ fromMs: BASE, toMs: BASE + MIN });
      expect(edges).toHaveLength(names.length ** 2);
      for (const e of edges) {
        expect(e.calls).toBe(names.indexOf(e.source) * 10 + names.indexOf(e.target) + 1);
      }
    });

    it('writes many edges at once', async () => {
      const store = await harness.create();
      const updates = Array.from({ length: 1234 }, (_, i) =>
        update(`svc-${i % 50}`, `dep-${i}`, BASE + (i % 3) * MIN),
      );
      await store.write(updates);
      expect(await store.read({ fromMs: BASE, toMs: BASE + 3 * MIN })).toHaveLength(1234);
    });

    it('merges a guarded write once per stream, and says how much was merged before', async () => {
      const store = await harness.create();
      const calls = async () =>
        byEdge(await store.read({ fromMs: BASE, toMs: BASE + MIN }))['frontend->checkout']?.calls;
      const write = (from: number, next: number, stream = 'spans:0') =>
        store.write([update('frontend', 'checkout', BASE, { calls: 2, lastSeenMs: BASE + 1000 })], {
          stream,
          from,
          next,
        });
      expect(await write(0, 10)).toEqual({ outcome: 'applied' });
      expect(await write(0, 10)).toEqual({ outcome: 'duplicate', stored: 10 });
      expect(await write(4, 8)).toEqual({ outcome: 'duplicate', stored: 10 });
      expect(await write(5, 15)).toEqual({ outcome: 'conflict', stored: 10 });
      expect(await write(10, 15)).toEqual({ outcome: 'applied' });
      expect(await write(0, 5, 'spans:1')).toEqual({ outcome: 'applied' });
      // An empty guarded write still moves the stream on.
      expect(await store.write([], { stream: 'spans:1', from: 5, next: 9 })).toEqual({ outcome: 'applied' });
      expect(await write(5, 9, 'spans:1')).toEqual({ outcome: 'duplicate', stored: 9 });
      expect(await calls()).toBe(6);
    });

    it('rejects a bad range with FL_TOPOLOGY_INVALID_QUERY', async () => {
      const store = await harness.create({ sliceMs: 1000, retentionMs: 60_000 });
      for (const query of [
        { fromMs: BASE + 1, toMs: BASE },
        { fromMs: Number.NaN, toMs: BASE },
        { fromMs: BASE, toMs: BASE + 10_001_000 },
      ]) {
        await expect(store.read(query)).rejects.toMatchObject({ code: 'FL_TOPOLOGY_INVALID_QUERY' });
      }
    });

    it('rejects use after close with FL_TOPOLOGY_CLOSED; close is idempotent', async () => {
      const store = await harness.create();
      await store.close();
      await store.close();
      await expect(store.write([update('a', 'b', BASE)])).rejects.toMatchObject({
        code: 'FL_TOPOLOGY_CLOSED',
      });
      await expect(store.read({ fromMs: BASE, toMs: BASE })).rejects.toMatchObject({
        code: 'FL_TOPOLOGY_CLOSED',
      });
    });
  });
}
