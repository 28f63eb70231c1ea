import { describe, expect, it } from 'vitest';
import { gatherSeries } from '../../../correlate/live/gather-series.js';
import { type EdgeSnapshot, USER_NODE } from '../../../topology/model.js';
import { buildServiceGraph } from '../../../topology/service-graph.js';
import { bucket, edge, STEP, storeWith, svc } from './series-fixtures.js';

const T = Date.UTC(2025, 0, 10, 12, 0, 0);
const snapshot = (source: string, target: string, over: Partial<EdgeSnapshot> = {}): EdgeSnapshot => ({
  source,
  target,
  connectionType: 'direct',
  sourceKind: 'service',
  targetKind: 'service',
  calls: 1,
  failedCalls: 0,
  clientLatencySumUs: 0,
  clientCalls: 0,
  serverLatencySumUs: 0,
  serverCalls: 0,
  lastSeenMs: T,
  ...over,
});

describe('gatherSeries', () => {
  const graph = buildServiceGraph([
    snapshot(USER_NODE, 'front-end', { connectionType: 'virtual', sourceKind: 'user' }),
    snapshot('front-end', 'carts'),
    snapshot('carts', 'carts-db', { connectionType: 'database', targetKind: 'database' }),
    snapshot('orders', 'carts'),
    snapshot('user', 'user-db', { connectionType: 'database', targetKind: 'database' }),
    snapshot('front-end', 'user'),
  ]);

  it('gathers the service and everything below it, with inbound edges folded into callees', async () => {
    const store = await storeWith([
      bucket(svc('front-end'), T, { requests: 5, errors: 1 }),
      bucket(svc('carts'), T, { requests: 3, cpu: 0.5 }),
      bucket(edge('front-end', 'carts'), T, { requests: 2, errors: 2 }),
      bucket(edge('orders', 'carts'), T, { requests: 2 }),
      bucket(edge('carts', 'carts-db'), T + STEP, { requests: 4, errors: 1 }),
      bucket(edge(USER_NODE, 'front-end'), T, { requests: 5 }),
      bucket(svc('orders'), T, { requests: 9 }),
    ]);
    const got = await gatherSeries(store, graph, {
      service: 'front-end',
      fromMs: T - 60_000,
      toMs: T + 60_000,
    });
    expect(got.usedGraph).toBe(true);
    expect([...got.series.keys()].sort()).toEqual(['carts', 'carts-db', 'front-end']);
    // The SLO's own node keeps its own series only (its inbound edges mirror its SLI).
    expect([...got.series.get('front-end')!.keys()].some((s) => s.startsWith('inbound_'))).toBe(false);
    expect(got.series.get('carts')!.get('inbound_error_rate')).toEqual([{ t: T, v: 0.5 }]);
    expect(got.series.get('carts')!.get('metric:process.cpu.utilization')).toEqual([{ t: T, v: 0.5 }]);
    expect(got.series.get('carts-db')!.get('inbound_error_rate')).toEqual([{ t: T + STEP, v: 0.25 }]);
    // Calls from outside (the user node -> front-end) are no dependency.
    expect(got.edges).toEqual(
      expect.arrayContaining([
        { source: 'front-end', target: 'carts' },
        { source: 'carts', target: 'carts-db' },
        { source: 'front-end', target: 'user' },
        { source: 'user', target: 'user-db' },
      ]),
    );
    expect(got.edges.filter((e) => e.target === 'front-end')).toEqual([]);
  });

  it('falls back to every service with series when the graph does not know the service', async () => {
    const store = await storeWith([
      bucket(svc('a'), T, { requests: 1 }),
      bucket(svc('b'), T, { requests: 1 }),
      bucket(svc('__overflow__'), T, { requests: 1 }),
    ]);
    const got = await gatherSeries(store, graph, { service: 'a', fromMs: T - 60_000, toMs: T + 60_000 });
    expect(got.usedGraph).toBe(false);
    expect([...got.series.keys()].sort()).toEqual(['a', 'b']);
    expect(got.edges).toEqual([]);
  });
});
