import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../../ingest/records.js';
import type { MessageSegment } from '../../../ingest/telemetry-sink.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { Watermark } from '../../../pipeline/event-time.js';
import { PipelineSink } from '../../../pipeline/pipeline-sink.js';
import type { Slo } from '../../../pipeline/slo/slo.js';
import { MemoryWindowStore } from '../../../pipeline/window/memory-window-store.js';
import { span } from '../../support/records.js';

const T = 1_763_000_040_000;
const M = Math.floor(T / 60_000);
const SLOS: Slo[] = ['checkout', 'payment'].map((service) => ({
  id: `${service}/availability`,
  service,
  name: 'availability',
  objective: 0.999,
  periodMinutes: 30 * 1440,
  sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
  labels: {},
  origin: { file: 't', format: 'native' },
}));

function setup(nowMinute?: () => number) {
  const store = new MemoryWindowStore();
  const metrics = new EngineMetrics({ processMetrics: false });
  const sink = new PipelineSink({
    slos: SLOS,
    store,
    watermark: new Watermark(5, nowMinute),
    allowedLatenessMinutes: 5,
    metrics,
    logger: silentLogger(),
  });
  const total = async (id: string, end = M + 10) =>
    (await store.windowCounts([{ sloId: id, end, windows: [60] }]))[0]![0]!;
  return { store, metrics, sink, total };
}

/** Messages at offsets first.. with `perMessage` spans each, alternating services, every 4th failing. */
function messages(
  first: number,
  count: number,
  perMessage: number,
): Array<{ offset: number; spans: SpanRecord[] }> {
  return Array.from({ length: count }, (_, i) => ({
    offset: first + i,
    spans: Array.from({ length: perMessage }, (_, j) =>
      span(j % 2 === 0 ? 'checkout' : 'payment', T, j % 4 === 3 ? { status: 'error' } : {}),
    ),
  }));
}

async function deliver(
  sink: PipelineSink,
  msgs: Array<{ offset: number; spans: SpanRecord[] }>,
): Promise<void> {
  const spans: SpanRecord[] = [];
  const segments: MessageSegment[] = [];
  for (const m of msgs) {
    spans.push(...m.spans);
    segments.push({ offset: m.offset, spansEnd: spans.length, metricsEnd: 0 });
  }
  const next = String(msgs[msgs.length - 1]!.offset + 1);
  await sink.write(
    { spans, metrics: [], segments },
    { source: 'kafka', positions: [{ topic: 'otlp_spans', partition: 0, nextOffset: next }] },
  );
}

describe('PipelineSink', () => {
  it('counts a redelivered batch once, even when the redelivery has other boundaries', async () => {
    const all = messages(100, 10, 8);
    const { sink, total } = setup();
    await deliver(sink, all.slice(0, 4)); // offsets 100..103
    await deliver(sink, all.slice(0, 4)); // the same batch again
    await deliver(sink, all.slice(2, 7)); // overlaps 102..103, new 104..106
    await deliver(sink, all.slice(0, 10)); // everything again, new 107..109
    // 10 messages x 8 spans, half per service, one in four failing.
    expect(await total('checkout/availability')).toEqual({ good: 40, total: 40 });
    expect(await total('payment/availability')).toEqual({ good: 20, total: 40 });
  });

  it('resumes from the offsets in the store after a restart (a new sink instance)', async () => {
    const all = messages(0, 6, 4);
    const first = setup();
    await deliver(first.sink, all.slice(0, 3));
    const restarted = new PipelineSink({
      slos: SLOS,
      store: first.store,
      watermark: new Watermark(5),
      allowedLatenessMinutes: 5,
      metrics: first.metrics,
      logger: silentLogger(),
    });
    await deliver(restarted, all.slice(1, 6));
    expect(await first.total('checkout/availability')).toEqual({ good: 12, total: 12 });
  });

  it('duplicate counter stayed 0 while redelivered messages were skipped', async () => {
    const all = messages(0, 6, 4);
    const first = setup();
    const duplicates = async () =>
      (await first.metrics.registry.getSingleMetric('faultline_pipeline_duplicate_deltas_total')?.get())
        ?.values[0]?.value ?? 0;
    await deliver(first.sink, all.slice(0, 3));
    expect(await duplicates()).toBe(0);
    await deliver(first.sink, all.slice(0, 3)); // 3 messages again, for 2 SLOs
    expect(await duplicates()).toBe(3 * SLOS.length);
    // After a restart the offsets come from the store. The batch a restarted consumer gets
    // begins with what was applied but not committed (offsets 1 and 2), then new messages:
    // the old ones are skipped before any delta is built, and counted all the same.
    const restarted = new PipelineSink({
      slos: SLOS,
      store: first.store,
      watermark: new Watermark(5),
      allowedLatenessMinutes: 5,
      metrics: first.metrics,
      logger: silentLogger(),
    });
    await deliver(restarted, all.slice(1, 6));
    expect(await duplicates()).toBe(5 * SLOS.length);
    expect(await first.total('checkout/availability')).toEqual({ good: 12, total: 12 });
  });

  it('counts data older than the allowed lateness as late, not in any window', async () => {
    const { sink, metrics, total } = setup();
    await sink.write({ spans: [span('checkout', T + 20 * 60_000)], metrics: [] }, { source: 'otlp-http' });
    await sink.write(
      { spans: [span('checkout', T + 16 * 60_000), span('checkout', T + 14 * 60_000)], metrics: [] },
      { source: 'otlp-http' },
    );
    const late = await metrics.registry.getSingleMetric('faultline_pipeline_late_records_total')?.get();
    expect(late?.values[0]?.value).toBe(1);
    expect(await total('checkout/availability', M + 30)).toEqual({ good: 2, total: 2 });
  });

  it('counts data more than 5 minutes ahead of the engine clock as future, not in any window', async () => {
    const { sink, metrics, total } = setup(() => M);
    await sink.write(
      { spans: [span('checkout', T + 4 * 60_000), span('checkout', T + 6 * 60_000)], metrics: [] },
      { source: 'otlp-http' },
    );
    const future = await metrics.registry.getSingleMetric('faultline_pipeline_future_records_total')?.get();
    expect(future?.values[0]?.value).toBe(1);
    expect(await total('checkout/availability', M + 30)).toEqual({ good: 1, total: 1 });
    // A span on time afterwards is still counted: the refused one moved nothing.
    await sink.write({ spans: [span('checkout', T - 60_000)], metrics: [] }, { source: 'otlp-http' });
    expect(await total('checkout/availability', M + 30)).toEqual({ good: 2, total: 2 });
  });
});
