import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ServiceGraphMetrics } from '../../observability/service-graph-metrics.js';

async function totals(registry: Registry): Promise<Map<string, number>> {
  const metric = (await registry.getMetricsAsJSON()).find(
    (m) => m.name === 'traces_service_graph_request_total',
  );
  return new Map(
    ((metric?.values ?? []) as Array<{ labels: Record<string, string>; value: number }>).map((v) => [
      `${v.labels.client}->${v.labels.server}`,
      v.value,
    ]),
  );
}

describe('ServiceGraphMetrics edge cap', () => {
  it('counts edges past maxEdges on the overflow edge, and frees the places of idle edges', async () => {
    let now = 0;
    const registry = new Registry();
    const m = new ServiceGraphMetrics(registry, {
      maxEdges: 2,
      edgeIdleMs: 1000,
      overflowNode: '__overflow__',
      now: () => now,
    });
    const call = (client: string, server: string) =>
      m.observe({ client, server, connectionType: '', failed: false, serverSeconds: 0.01 });
    call('a', 'b');
    call('b', 'c');
    call('c', 'd');
    call('d', 'e');
    expect(await totals(registry)).toEqual(
      new Map([
        ['a->b', 1],
        ['b->c', 1],
        ['__overflow__->__overflow__', 2],
      ]),
    );
    now = 900;
    call('a', 'b');
    now = 1600;
    call('x', 'y');
    // b->c idled out and left /metrics; a->b is still within its idle time.
    const after = await totals(registry);
    expect(after.get('a->b')).toBe(2);
    expect(after.has('b->c')).toBe(false);
    expect(after.get('x->y')).toBe(1);
  });
});
