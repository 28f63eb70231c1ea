import { configSchema } from '../config/schema.js';
import { systemClock } from '../core/clock.js';
import { decodeSpans } from '../ingest/decode/index.js';
import { spanProblem, validateRecords } from '../ingest/validate.js';
import { silentLogger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { Watermark } from '../pipeline/event-time.js';
import { PipelineSink } from '../pipeline/pipeline-sink.js';
import { MemorySeriesStore } from '../pipeline/series/memory-series-store.js';
import { SeriesAggregator } from '../pipeline/series/series-aggregator.js';
import type { Slo } from '../pipeline/slo/slo.js';
import { MemoryWindowStore } from '../pipeline/window/memory-window-store.js';
import { tracePayload } from '../sim/synthetic-traces.js';
import { createTopology, graphStoreOptions } from '../topology/create-topology.js';
import { MemoryGraphStore } from '../topology/memory-graph-store.js';

/** Two SLOs (availability and latency) for each of the ten services the synthetic payloads use. */
export function benchSlos(): Slo[] {
  return Array.from({ length: 10 }, (_, i) => [
    {
      id: `service-${i}/availability`,
      service: `service-${i}`,
      name: 'availability',
      objective: 0.999,
      periodMinutes: 30 * 1440,
      sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
      labels: {},
      origin: { file: 'bench', format: 'native' },
    } satisfies Slo,
    {
      id: `service-${i}/latency`,
      service: `service-${i}`,
      name: 'latency',
      objective: 0.99,
      periodMinutes: 30 * 1440,
      sli: { kind: 'latency', thresholdMs: 100, spans: { operations: [], attributes: {} } },
      labels: {},
      origin: { file: 'bench', format: 'native' },
    } satisfies Slo,
  ]).flat();
}

/**
 * Spans per second through what the engine does with every span before Kafka and Redis
 * costs: decode, validation, SLI aggregation, signal series and span pairing into the
 * topology, on one core, in process (memory stores; the graph is not flushed).
 */
export async function benchPipeline(ms: number): Promise<{ spans_per_s_per_core: number }> {
  const baseNs = BigInt(Date.now() - 60_000) * 1_000_000n;
  const payloads = Array.from({ length: 16 }, (_, i) => tracePayload(500, 100 + i, baseNs));
  const metrics = new EngineMetrics({ processMetrics: false });
  const series = { aggregator: new SeriesAggregator(), store: new MemorySeriesStore() };
  const config = configSchema.parse({});
  const topology = createTopology(config, {
    store: new MemoryGraphStore(graphStoreOptions(config)),
    series,
    metrics,
    clock: systemClock,
    logger: silentLogger(),
  });
  const sink = new PipelineSink({
    slos: benchSlos(),
    store: new MemoryWindowStore(),
    series,
    topology: topology.feed,
    watermark: new Watermark(5),
    allowedLatenessMinutes: 5,
    metrics,
    logger: silentLogger(),
  });
  let spans = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - start < ms) {
    for (const p of payloads) {
      const records = validateRecords(decodeSpans(p, 'otlp_proto'), spanProblem).accepted;
      await sink.write({ spans: records, metrics: [] }, { source: 'replay', name: 'bench' });
      spans += records.length;
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { spans_per_s_per_core: Math.round(spans / cpuSeconds) };
}
