import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../observability/logger.js';
import { EngineMetrics } from '../../observability/metrics.js';
import { MemorySeriesStore } from '../../pipeline/series/memory-series-store.js';
import { SeriesAggregator } from '../../pipeline/series/series-aggregator.js';
import type { GraphStore } from '../../topology/graph-store.js';
import { MemoryGraphStore } from '../../topology/memory-graph-store.js';
import type { EdgeUpdate } from '../../topology/model.js';
import { TopologyBuilder } from '../../topology/topology-builder.js';
import { TopologyFlusher } from '../../topology/topology-flusher.js';
import { span, spanId, T0, totals } from './fixtures.js';

const root = span({ service: 'frontend', spanId: spanId(1) }, 0);
const client = span(
  {
    service: 'frontend',
    kind: 'client',
    spanId: spanId(2),
    parentSpanId: spanId(1),
    peerService: 'checkout',
  },
  -5,
);
const server = span(
  { service: 'checkout', kind: 'server', spanId: spanId(3), parentSpanId: spanId(2), status: 'error' },
  -6,
);

describe('topology builder', () => {
  it('pre-sums calls per edge and series bucket, and feeds the series aggregator', async () => {
    const clock = new ManualClock(T0 + 1000);
    const aggregator = new SeriesAggregator({ now: () => clock.now() });
    const builder = new TopologyBuilder({ clock, series: aggregator });
    builder.addSpans([root, client, server]);
    builder.addSpans([
      { ...root, spanId: spanId(11) },
      { ...client, spanId: spanId(12), parentSpanId: spanId(11) },
    ]);
    builder.addSpans([{ ...server, spanId: spanId(13), parentSpanId: spanId(12), status: 'ok' }]);
    const updates = builder.drain();
    expect(Object.fromEntries(totals(updates))).toEqual({
      'user (external)->frontend': { calls: 2, failed: 0, type: 'virtual' },
      'frontend->checkout': { calls: 2, failed: 1, type: 'direct' },
    });
    expect(updates.every((u) => u.bucketMs === T0 - 10_000 || u.bucketMs === T0)).toBe(true);
    expect(builder.drain()).toEqual([]);

    const store = new MemorySeriesStore();
    await store.write(aggregator.drain());
    const series = await store.query({
      subject: { kind: 'edge', source: 'frontend', target: 'checkout' },
      signals: ['requests', 'errors'],
      fromMs: T0 - 60_000,
      toMs: T0 + 60_000,
    });
    expect(series.requests?.map((p) => p.v * 10)).toEqual([2]);
    expect(series.errors?.map((p) => p.v * 10)).toEqual([1]);
  });

  it('never puts a call later than its clock: a host clock running ahead lands in the present', () => {
    const clock = new ManualClock(T0);
    const builder = new TopologyBuilder({ clock });
    builder.addSpans([span({ service: 'skewed' }, 120_000)]);
    const [u] = builder.drain();
    expect(u).toMatchObject({ lastSeenMs: T0, bucketMs: T0 });
  });

  it('counts unpaired and duplicate spans on its metrics', async () => {
    const clock = new ManualClock(T0);
    const metrics = new EngineMetrics({ processMetrics: false });
    const builder = new TopologyBuilder({ clock, metrics, waitMs: 1000, maxPendingSpans: 1 });
    builder.addSpans([client, client, server]);
    builder.addSpans([span({ service: 'x', kind: 'server', spanId: spanId(50), parentSpanId: spanId(49) })]);
    expect(builder.pendingSpans).toBe(1);
    builder.addSpans([span({ service: 'y', kind: 'client', spanId: spanId(60) })]);
    clock.advance(1000);
    builder.addSpans([span({ service: 'z', kind: 'client', spanId: spanId(61) })]);
    clock.advance(1000);
    builder.expire();
    const text = await metrics.registry.metrics();
    expect(text).toContain('faultline_topology_unpaired_spans_total{reason="store_full"} 1');
    expect(text).toContain('faultline_topology_unpaired_spans_total{reason="client_expired"} 1');
    expect(text).toContain('faultline_topology_duplicate_spans_total 1');
    expect(text).toContain('faultline_topology_edge_calls_total{connection_type="direct"} 1');
    expect(text).toContain('faultline_topology_pending_spans 0');
    expect(text).toContain('faultline_topology_unpaired_spans_total{reason="server_expired"} 1');
    expect(builder.counts.unpaired).toMatchObject({ store_full: 1, client_expired: 1, server_expired: 1 });
  });
});

describe('topology flusher', () => {
  it('writes expired virtual edges and puts back updates whose write failed', async () => {
    const clock = new ManualClock(T0);
    const builder = new TopologyBuilder({ clock, waitMs: 1000 });
    const memory = new MemoryGraphStore();
    let failing = true;
    const store: GraphStore = {
      sliceMs: memory.sliceMs,
      retentionMs: memory.retentionMs,
      write: async (updates: readonly EdgeUpdate[]) => {
        if (failing) throw new Error('store down (test)');
        return memory.write(updates);
      },
      read: (q) => memory.read(q),
      close: () => memory.close(),
    };
    const metrics = new EngineMetrics({ processMetrics: false });
    const flusher = new TopologyFlusher({
      builder,
      store,
      metrics,
      logger: silentLogger(),
      intervalMs: 60_000,
    });
    await flusher.start();
    builder.addSpans([root, client]);
    await flusher.flush();
    expect(await metrics.registry.getSingleMetricAsString('faultline_background_errors_total')).toContain(
      'component="topology"} 1',
    );
    failing = false;
    clock.advance(1000);
    await flusher.close();
    const edges = await memory.read({ fromMs: T0 - 60_000, toMs: T0 });
    expect(edges.map((e) => `${e.source}->${e.target} ${e.connectionType} ${e.calls}`).sort()).toEqual([
      'frontend->checkout virtual 1',
      'user (external)->frontend virtual 1',
    ]);
  });
});
