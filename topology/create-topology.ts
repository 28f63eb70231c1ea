import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import { ServiceGraphMetrics } from '../observability/service-graph-metrics.js';
import type { SeriesAggregator } from '../pipeline/series/series-aggregator.js';
import type { SeriesStore } from '../pipeline/series/series-store.js';
import type { GraphStore, GraphStoreOptions } from './graph-store.js';
import { OVERFLOW_NODE, TopologyBuilder } from './topology-builder.js';
import { TopologyFeed } from './topology-feed.js';
import { TopologyFlusher } from './topology-flusher.js';
import { TopologyReader } from './topology-reader.js';

export interface TopologyDeps {
  /** Where the graph is kept (the engine's storage backend makes it; Redis shares it between instances). */
  store: GraphStore;
  series?: { aggregator: SeriesAggregator; store: SeriesStore };
  metrics: EngineMetrics;
  clock: Clock;
  logger: Logger;
}

export interface TopologyParts {
  builder: TopologyBuilder;
  /** Feed it every span (the pipeline sink does): the builder, and the graph for Kafka batches. */
  feed: TopologyFeed;
  store: GraphStore;
  reader: TopologyReader;
  /** The engine component that expires pairs and writes edge updates. */
  flusher: TopologyFlusher;
}

/** The graph store's slicing and retention from `config.topology`. */
export function graphStoreOptions(config: Config): GraphStoreOptions {
  return { sliceMs: config.topology.sliceMs, retentionMs: config.topology.retentionMs };
}

/** Wires the topology from `config.topology`: builder, reader and flusher around the graph store given. */
export function createTopology(config: Config, deps: TopologyDeps): TopologyParts {
  const t = config.topology;
  const { store } = deps;
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
  const feed = new TopologyFeed(builder, store, config.pipeline.seriesResolutionMs);
  return { builder, feed, store, reader: new TopologyReader(store, t.edgeTtlMs), flusher };
}
