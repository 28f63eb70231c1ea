import { HttpComponent } from '../api/http-component.js';
import { buildApi } from '../api/server.js';
import { type Config, sourceKinds, storeKind } from '../config/schema.js';
import { KafkaSource } from '../ingest/kafka/kafka-source.js';
import { createOtlpHttpSource } from '../ingest/otlp-http/otlp-http-source.js';
import type { TelemetrySink } from '../ingest/telemetry-sink.js';
import type { Logger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { RedisConnection } from '../pipeline/redis/redis-connection.js';
import type { Component, HealthCheck } from './component.js';
import { DiscardSink } from './discard-sink.js';
import { Engine } from './engine.js';

/** What the engine takes from outside; tests swap any of these. */
export interface EngineDeps {
  logger: Logger;
  metrics?: EngineMetrics;
  /** Where decoded telemetry goes; the pipeline by default. */
  sink?: TelemetrySink;
}

export interface RunningParts {
  engine: Engine;
  api: HttpComponent;
  /** Present when the OTLP/HTTP receiver is enabled. */
  otlp: HttpComponent | undefined;
  metrics: EngineMetrics;
}

/**
 * The one place where faultline is wired together from its configuration. Which adapters
 * run (memory or Redis store, OTLP/HTTP and/or Kafka sources) follows from the config.
 */
export function createEngine(config: Config, deps: EngineDeps): RunningParts {
  const logger = deps.logger;
  const metrics = deps.metrics ?? new EngineMetrics();
  const components: Component[] = [];

  components.push(storeKind(config) === 'redis' ? new RedisConnection(config.redis) : memoryStoreInfo());

  let engine: Engine | undefined;
  const app = buildApi({ logger, metrics, readiness: () => engine?.readiness() ?? Promise.resolve([]) });
  const api = new HttpComponent('api', app, config.http.host, config.http.port);
  components.push(api);

  const sink = deps.sink ?? new DiscardSink();
  let otlp: HttpComponent | undefined;
  if (config.otlp.enabled) {
    otlp = createOtlpHttpSource({ ...config.otlp, sink, metrics, logger });
    components.push(otlp);
  }
  if (config.kafka.brokers.length > 0) {
    components.push(new KafkaSource({ config: config.kafka, sink, metrics, logger }));
  }

  engine = new Engine(components, logger);
  logger.info({ store: storeKind(config), sources: sourceKinds(config) }, 'engine configured');
  return { engine, api, otlp, metrics };
}

/** The in-memory store lives in this process, so it is ready whenever the process is. */
function memoryStoreInfo(): Component {
  return {
    name: 'store',
    start: async () => {},
    close: async () => {},
    check: async (): Promise<HealthCheck> => ({ name: 'store', ok: true, detail: 'memory' }),
  };
}
