import { describe, expect, it } from 'vitest';
import type { GraphStore } from '../../topology/graph-store.js';
import { MemoryGraphStore } from '../../topology/memory-graph-store.js';
import { update } from './fixtures.js';
import { describeGraphStoreConformance } from './graph-store-conformance.js';

describeGraphStoreConformance('MemoryGraphStore', () => {
  const stores: GraphStore[] = [];
  return {
    async create(options) {
      const store = new MemoryGraphStore(options);
      stores.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(stores.splice(0).map((s) => s.close()));
    },
  };
});

describe('MemoryGraphStore retention', () => {
  it('prunes slices a retention older than the newest slice written', async () => {
    const store = new MemoryGraphStore({ sliceMs: 60_000, retentionMs: 600_000 });
    await store.write([update('a', 'b', 0), update('c', 'd', 60_000)]);
    await store.write([update('e', 'f', 600_000)]);
    const edges = await store.read({ fromMs: 0, toMs: 700_000 });
    expect(edges.map((e) => e.source).sort()).toEqual(['c', 'e']);
  });

  it('rejects bad options with FL_TOPOLOGY_INVALID_OPTIONS', () => {
    for (const options of [{ sliceMs: 0 }, { sliceMs: 1.5 }, { sliceMs: 60_000, retentionMs: 1000 }]) {
      expect(() => new MemoryGraphStore(options)).toThrow(
        expect.objectContaining({ code: 'FL_TOPOLOGY_INVALID_OPTIONS' }),
      );
    }
  });
});
