import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { ServiceGraphMetrics } from '../observability/service-graph-metrics.js';
import type { RedisClient } from '../pipeline/redis/redis-connection.js';
import type { SeriesAggregator } from '../pipeline/series/series-aggregator.js';
import type { SeriesStore } from '../pipeline/series/series-store.js';
import type { GraphStore } from './graph-store.js';
import { MemoryGraphStore } from './memory-graph-store.js';
import { RedisGraphStore } from './redis-graph-store.js';
import { OVERFLOW_NODE, TopologyBuilder } from './topology-builder.js';
import { TopologyFlusher } from './topology-flusher.js';
import { TopologyReader } from './topology-reader.js';

export interface TopologyDeps {
  /** The engine's Redis client when it runs on Redis; the graph is then shared by every instance. */
  redis?: RedisClient;
  series?: { aggregator: SeriesAggregator; store: SeriesStore };
  metrics: EngineMetrics;
  clock: Clock;
  logger: Logger;
}

export interface TopologyParts {
  /** Feed it every span (the pipeline sink does). */
  builder: TopologyBuilder;
  store: GraphStore;
  reader: TopologyReader;
  /** The engine component that expires pairs and writes edge updates. */
  flusher: TopologyFlusher;
}

/** Wires the topology from `config.topology`: builder, graph store (Redis or memory), reader, flusher. */
export function createTopology(config: Config, deps: TopologyDeps): TopologyParts {
  const t = config.topology;
  const storeOptions = { sliceMs: t.sliceMs, retentionMs: t.retentionMs };
  const store: GraphStore =
    deps.redis === undefined
      ? new MemoryGraphStore(storeOptions)
      : new RedisGraphStore(deps.redis, { ...storeOptions, keyPrefix: config.redis.keyPrefix });
  const builder = new TopologyBuilder({
    waitMs: t.waitMs,
    maxPendingSpans: t.maxPendingSpans,
    maxEdges: t.maxEdges,
    edgeIdleMs: t.edgeTtlMs,
    resolutionMs: config.pipeline.seriesResolutionMs,
    metrics: deps.metrics,
    clock: deps.clock,
    ...(deps.series ? { series: deps.series.aggregator } : {}),
    graphMetrics: new ServiceGraphMetrics(deps.metrics.registry, {
      maxEdges: t.maxEdges,
      edgeIdleMs: t.edgeTtlMs,
      overflowNode: OVERFLOW_NODE,
      now: () => deps.clock.now(),
    }),
  });
  const flusher = new TopologyFlusher({
    builder,
    store,
    intervalMs: t.flushIntervalMs,
    metrics: deps.metrics,
    logger: deps.logger.child({ component: 'topology' }),
    ...(deps.series ? { series: deps.series } : {}),
  });
  return { builder, store, reader: new TopologyReader(store, t.edgeTtlMs), flusher };
}
