import { describe, expect, it } from 'vitest';
import { graphToDot, quote } from '../../topology/graph-dot.js';
import { USER_NODE } from '../../topology/model.js';
import { buildServiceGraph, graphToJson, neighbourhood } from '../../topology/service-graph.js';
import { T0, update } from './fixtures.js';

// user -> frontend -> checkout -> payment -> stripe (virtual); checkout -> pg (database);
// orders -> billing (messaging), not connected to the rest.
const graph = buildServiceGraph([
  update(USER_NODE, 'frontend', T0, {
    connectionType: 'virtual',
    sourceKind: 'user',
    clientCalls: 0,
    clientLatencySumUs: 0,
  }),
  update('frontend', 'checkout', T0, {
    calls: 4,
    failedCalls: 1,
    clientLatencySumUs: 40_000,
    clientCalls: 4,
    serverLatencySumUs: 30_000,
    serverCalls: 4,
  }),
  update('checkout', 'payment', T0),
  update('payment', 'stripe', T0, {
    connectionType: 'virtual',
    targetKind: 'virtual',
    serverCalls: 0,
    serverLatencySumUs: 0,
  }),
  update('checkout', 'pg', T0, { connectionType: 'database', targetKind: 'database' }),
  update('orders', 'billing', T0, { connectionType: 'messaging' }),
]);

describe('service graph', () => {
  it('has a node per service, database, virtual peer and the user, with its kind', () => {
    const { nodes } = graphToJson(graph);
    expect(nodes).toEqual([
      { id: 'billing', kind: 'service' },
      { id: 'checkout', kind: 'service' },
      { id: 'frontend', kind: 'service' },
      { id: 'orders', kind: 'service' },
      { id: 'payment', kind: 'service' },
      { id: 'pg', kind: 'database' },
      { id: 'stripe', kind: 'virtual' },
      { id: 'user (external)', kind: 'user' },
    ]);
  });

  it('derives error rate and mean latencies; null where a side is missing', () => {
    const edges = Object.fromEntries(graphToJson(graph).edges.map((e) => [`${e.source}->${e.target}`, e]));
    expect(edges['frontend->checkout']).toEqual({
      source: 'frontend',
      target: 'checkout',
      connectionType: 'direct',
      calls: 4,
      failedCalls: 1,
      errorRate: 0.25,
      clientLatencyMeanMs: 10,
      serverLatencyMeanMs: 7.5,
      lastSeen: T0 + 1,
    });
    expect(edges['user (external)->frontend']?.clientLatencyMeanMs).toBeNull();
    expect(edges['payment->stripe']?.serverLatencyMeanMs).toBeNull();
  });

  it('gives the neighbourhood within depth hops, in either direction', () => {
    const ids = (depth: number) =>
      graphToJson(neighbourhood(graph, 'checkout', depth)!).nodes.map((n) => n.id);
    expect(ids(0)).toEqual(['checkout']);
    expect(ids(1)).toEqual(['checkout', 'frontend', 'payment', 'pg']);
    expect(ids(2)).toEqual(['checkout', 'frontend', 'payment', 'pg', 'stripe', 'user (external)']);
    expect(ids(10)).toEqual(ids(2));
    const sub = graphToJson(neighbourhood(graph, 'checkout', 1)!);
    expect(sub.edges.map((e) => `${e.source}->${e.target}`)).toEqual([
      'checkout->payment',
      'checkout->pg',
      'frontend->checkout',
    ]);
    expect(neighbourhood(graph, 'nope', 1)).toBeUndefined();
  });

  it('renders Graphviz DOT with every id quoted and escaped', () => {
    const odd = buildServiceGraph([update('a "quoted"\\svc', 'line\nbreak', T0)]);
    const dot = graphToDot(odd);
    expect(dot).toContain('"a \\"quoted\\"\\\\svc" -> "line\\nbreak"');
    expect(dot.startsWith('digraph "faultline" {')).toBe(true);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    expect(quote('x"y\\z\r\n')).toBe('"x\\"y\\\\z\\n"');
    const full = graphToDot(graph);
    expect(full).toContain('"pg" [shape=cylinder');
    expect(full).toContain('"frontend" -> "checkout" [label="4 calls\\n25.0% errors\\n10.0 ms"');
    expect(full).toContain(
      '"payment" -> "stripe" [label="1 calls\\n0.0% errors\\n10.0 ms", tooltip="virtual", style=dashed]',
    );
  });
});
