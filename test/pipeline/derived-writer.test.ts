import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../ingest/records.js';
import type { MessageSegment, TelemetryBatch } from '../../ingest/telemetry-sink.js';
import { silentLogger } from '../../observability/logger.js';
import { DerivedWriter } from '../../pipeline/derived-writer.js';
import { MemorySeriesStore } from '../../pipeline/series/memory-series-store.js';
import { SeriesAggregator } from '../../pipeline/series/series-aggregator.js';
import type { Subject } from '../../pipeline/series/subject.js';
import { MemoryGraphStore } from '../../topology/memory-graph-store.js';
import { USER_NODE } from '../../topology/model.js';
import { TopologyBuilder } from '../../topology/topology-builder.js';
import { TopologyFeed } from '../../topology/topology-feed.js';
import { span, spanId, T0, traceId } from '../topology/fixtures.js';

/** Message `n`: one whole trace, frontend serving a request and calling `backend`. */
function message(n: number): SpanRecord[] {
  const t = traceId(n + 1);
  return [
    span({ service: 'frontend', traceId: t, spanId: spanId(3 * n + 1) }, n),
    span(
      {
        service: 'frontend',
        kind: 'client',
        traceId: t,
        spanId: spanId(3 * n + 2),
        parentSpanId: spanId(3 * n + 1),
      },
      n,
    ),
    span({ service: 'backend', traceId: t, spanId: spanId(3 * n + 3), parentSpanId: spanId(3 * n + 2) }, n),
  ];
}

/** The Kafka batch of messages at offsets [from, next). */
function batch(from: number, next: number): TelemetryBatch {
  const spans: SpanRecord[] = [];
  const segments: MessageSegment[] = [];
  for (let offset = from; offset < next; offset++) {
    spans.push(...message(offset));
    segments.push({ offset, spansEnd: spans.length, metricsEnd: 0 });
  }
  return { spans, metrics: [], segments };
}

/** What one engine process holds: its own pairing and aggregator over the shared stores. */
function process(stores: { series: MemorySeriesStore; graph: MemoryGraphStore }): DerivedWriter {
  const aggregator = new SeriesAggregator({ now: () => T0 + 60_000 });
  const builder = new TopologyBuilder({ series: aggregator, waitMs: 60_000 });
  return new DerivedWriter({
    series: { aggregator, store: stores.series },
    topology: new TopologyFeed(builder, stores.graph, aggregator.resolutionMs),
    logger: silentLogger(),
  });
}

async function requests(store: MemorySeriesStore, subject: Subject): Promise<number> {
  const r = await store.query({ subject, signals: ['requests'], fromMs: T0 - 60_000, toMs: T0 + 60_000 });
  return Math.round(((r.requests ?? []).reduce((a, p) => a + p.v, 0) * store.resolutionMs) / 1000);
}

describe('DerivedWriter: series and edges of Kafka batches, exactly once', () => {
  it('leaves out the messages a store already holds, after a restart and within a process', async () => {
    const stores = { series: new MemorySeriesStore(), graph: new MemoryGraphStore() };
    const stream = 'spans:0';
    await process(stores).write(batch(0, 4), { stream, next: 4 });
    // A new process (pairing and aggregator lost) reads again from the last commit, 2.
    const restarted = process(stores);
    await restarted.write(batch(2, 6), { stream, next: 6 });
    // The same batch again in the same process (a retried write that had been applied).
    await restarted.write(batch(4, 6), { stream, next: 6 });

    const edges = await stores.graph.read({ fromMs: T0 - 60_000, toMs: T0 + 60_000 });
    expect(Object.fromEntries(edges.map((e) => [`${e.source}>${e.target}`, e.calls]))).toEqual({
      [`${USER_NODE}>frontend`]: 6,
      'frontend>backend': 6,
    });
    expect(await requests(stores.series, { kind: 'service', service: 'frontend' })).toBe(6);
    expect(await requests(stores.series, { kind: 'service', service: 'backend' })).toBe(6);
    expect(await requests(stores.series, { kind: 'edge', source: 'frontend', target: 'backend' })).toBe(6);
  });

  it('writes the calls of a batch whose first write failed when the source retries it', async () => {
    const stores = { series: new MemorySeriesStore(), graph: new MemoryGraphStore() };
    const graphWrite = stores.graph.write.bind(stores.graph);
    let failures = 1;
    stores.graph.write = async (updates, guard) => {
      if (failures-- > 0) throw new Error('Redis down (test)');
      return graphWrite(updates, guard);
    };
    const writer = process(stores);
    const { spans, metrics, segments } = batch(0, 3);
    const kafka = { stream: 'spans:0', next: 3 };
    await expect(writer.write({ spans, metrics, segments }, kafka)).rejects.toThrow('Redis down');
    // The source retries with a new batch object around the same records.
    await writer.write({ spans, metrics, segments }, kafka);
    const edges = await stores.graph.read({ fromMs: T0 - 60_000, toMs: T0 + 60_000 });
    expect(edges.find((e) => e.target === 'backend')?.calls).toBe(3);
    expect(await requests(stores.series, { kind: 'edge', source: 'frontend', target: 'backend' })).toBe(3);
  });

  it('counts batches without offsets every time (OTLP/HTTP has no redelivery to recognise)', async () => {
    const stores = { series: new MemorySeriesStore(), graph: new MemoryGraphStore() };
    const writer = process(stores);
    const { spans, metrics } = batch(0, 2);
    await writer.write({ spans, metrics });
    expect(await requests(stores.series, { kind: 'service', service: 'backend' })).toBe(2);
  });
});
