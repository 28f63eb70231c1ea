import { describe, expect, it } from 'vitest';
import { layeredLayout } from '../../ui/src/topology/layout.js';

const shop = {
  nodes: [
    'front-end',
    'auth',
    'user',
    'user-db',
    'orders',
    'payment',
    'carts',
    'carts-db',
    'redis-cache',
  ].map((id) => ({ id })),
  edges: [
    ['front-end', 'auth'],
    ['front-end', 'orders'],
    ['front-end', 'carts'],
    ['front-end', 'redis-cache'],
    ['auth', 'user'],
    ['auth', 'redis-cache'],
    ['user', 'user-db'],
    ['orders', 'payment'],
    ['orders', 'carts'],
    ['orders', 'user'],
    ['carts', 'carts-db'],
    ['carts', 'redis-cache'],
    // Root spans are calls from a node named `user`: here it closes a cycle.
    ['user', 'front-end'],
  ].map(([source, target]) => ({ source: source!, target: target! })),
};

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('layered topology layout', () => {
  it('gives the same layout for the same graph in any input order', () => {
    const a = layeredLayout(shop);
    for (const seed of [1, 2, 3]) {
      const b = layeredLayout({ nodes: shuffled(shop.nodes, seed), edges: shuffled(shop.edges, seed + 7) });
      expect(b.nodes).toEqual(a.nodes);
      expect(b.edges).toEqual(a.edges);
    }
  });

  it('puts callers left of callees, reversing only the edge that closes the cycle', () => {
    const { byId, edges } = layeredLayout(shop);
    const reversed = edges.filter((e) => e.reversed).map((e) => `${e.source}->${e.target}`);
    expect(reversed).toEqual(['user->front-end']);
    for (const e of edges.filter((x) => !x.reversed)) {
      expect(byId.get(e.source)!.layer, `${e.source}->${e.target}`).toBeLessThan(byId.get(e.target)!.layer);
    }
    expect(byId.get('front-end')!.layer).toBe(0);
  });

  it('routes long edges through a bend in every layer they cross, and never overlaps nodes', () => {
    const layout = layeredLayout(shop, { nodeHeight: 42, rowGap: 64 });
    for (const e of layout.edges) {
      const span = Math.abs(layout.byId.get(e.source)!.layer - layout.byId.get(e.target)!.layer);
      expect(e.bends).toHaveLength(span - 1);
      expect(e.points).toHaveLength(span + 1);
    }
    const spots = layout.nodes.map((n) => `${n.x},${n.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a !== b && a.layer === b.layer) expect(Math.abs(a.y - b.y)).toBeGreaterThanOrEqual(42);
      }
      expect(a.y).toBeGreaterThan(0);
      expect(a.y).toBeLessThan(layout.height);
      expect(a.x).toBeLessThan(layout.width);
    }
  });

  it('lays out an empty graph, a single node and self-calls', () => {
    expect(layeredLayout({ nodes: [], edges: [] }).nodes).toEqual([]);
    const one = layeredLayout({ nodes: [{ id: 'a' }], edges: [{ source: 'a', target: 'a' }] });
    expect(one.nodes.map((n) => n.id)).toEqual(['a']);
    expect(one.edges).toEqual([]);
  });
});
