import { type AlertingParts, createAlerting } from '../alerting/create-alerting.js';
import type { Notifier } from '../alerting/notifier.js';
import { createNotifiers } from '../alerting/notifiers/create-notifiers.js';
import type { ExternalAlertStore } from '../alerting/receiver/external-alert-store.js';
import { MemoryExternalAlertStore } from '../alerting/receiver/memory-external-alert-store.js';
import { RedisExternalAlertStore } from '../alerting/receiver/redis-external-alert-store.js';
import { credentialsConfigured } from '../api/auth.js';
import { HttpComponent } from '../api/http-component.js';
import { buildApi } from '../api/server.js';
import { type Config, sourceKinds, storeKind } from '../config/schema.js';
import { type Clock, systemClock } from '../core/clock.js';
import {
  createIncidents,
  type IncidentsParts,
  routeAlertNotifiers,
} from '../correlate/incidents/create-incidents.js';
import type { IncidentNotifier } from '../correlate/incidents/incident-notifier.js';
import { AlertAnnotator } from '../correlate/live/alert-annotator.js';
import { LiveRootCause } from '../correlate/live/live-root-cause.js';
import { KafkaSource } from '../ingest/kafka/kafka-source.js';
import { createOtlpHttpSource } from '../ingest/otlp-http/otlp-http-source.js';
import type { TelemetrySink } from '../ingest/telemetry-sink.js';
import type { Logger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { registerSlothMetrics } from '../observability/sloth-metrics.js';
import { Watermark } from '../pipeline/event-time.js';
import { PipelineSink } from '../pipeline/pipeline-sink.js';
import { RedisConnection } from '../pipeline/redis/redis-connection.js';
import { MemorySeriesStore } from '../pipeline/series/memory-series-store.js';
import { RedisSeriesStore } from '../pipeline/series/redis-series-store.js';
import { SeriesAggregator } from '../pipeline/series/series-aggregator.js';
import type { SeriesStore } from '../pipeline/series/series-store.js';
import { loadSloFiles } from '../pipeline/slo/load-slos.js';
import { type Slo, spanAttributeKeys } from '../pipeline/slo/slo.js';
import { SloStatusReader } from '../pipeline/status/slo-status-reader.js';
import { MemoryWindowStore } from '../pipeline/window/memory-window-store.js';
import { RedisWindowStore } from '../pipeline/window/redis-window-store.js';
import type { WindowStore } from '../pipeline/window/window-store.js';
import { createTopology, type TopologyParts } from '../topology/create-topology.js';
import { externalAlertSource } from './alert-source.js';
import type { Component, HealthCheck } from './component.js';
import { Engine } from './engine.js';

/** What the engine takes from outside; tests swap any of these. */
export interface EngineDeps {
  logger: Logger;
  metrics?: EngineMetrics;
  clock?: Clock;
  /** The SLOs; read from `config.slos.files` by default. */
  slos?: readonly Slo[];
  /** Where decoded telemetry goes; the pipeline by default. */
  sink?: TelemetrySink;
  /** Where alert transitions go; those `alerting.notifiers` configures by default. */
  notifiers?: readonly Notifier[];
  /** Where incident events go; Slack per `alerting.notifiers.slack` by default. */
  incidentNotifiers?: readonly IncidentNotifier[];
}

export interface RunningParts {
  engine: Engine;
  api: HttpComponent;
  /** Present when the OTLP/HTTP receiver is enabled. */
  otlp: HttpComponent | undefined;
  metrics: EngineMetrics;
  store: WindowStore;
  series: SeriesStore;
  status: SloStatusReader;
  /** Present unless `alerting.enabled` is false. */
  alerting: AlertingParts | undefined;
  /** Present unless `topology.enabled` is false. */
  topology: TopologyParts | undefined;
  /** Alerts received from Alertmanager webhooks (`POST /api/v1/alertmanager/webhook`). */
  externalAlerts: ExternalAlertStore;
  /** Where every source hands its records (the demo feeds the simulator in here). */
  sink: TelemetrySink;
  /** Live root-cause ranking (`/api/v1/rootcause`, incidents, alert annotations). */
  rootCause: LiveRootCause;
  /** Present unless `incidents.enabled` or `alerting.enabled` is false. */
  incidents: IncidentsParts | undefined;
}

/**
 * The one place where faultline is wired together from its configuration. Which adapters
 * run (memory or Redis store, OTLP/HTTP and/or Kafka sources) follows from the config.
 */
export function createEngine(config: Config, deps: EngineDeps): RunningParts {
  const { logger } = deps;
  const metrics = deps.metrics ?? new EngineMetrics();
  const clock = deps.clock ?? systemClock;
  const slos = deps.slos ?? loadSloFiles(config.slos.files);
  const components: Component[] = [];

  const seriesOptions = {
    resolutionMs: config.pipeline.seriesResolutionMs,
    retentionMs: config.pipeline.seriesRetentionMs,
  };
  let store: WindowStore;
  let seriesStore: SeriesStore;
  let redis: RedisConnection | undefined;
  if (storeKind(config) === 'redis') {
    redis = new RedisConnection(config.redis);
    components.push(redis);
    store = new RedisWindowStore(redis.client, config.redis.keyPrefix);
    seriesStore = new RedisSeriesStore(redis.client, { ...seriesOptions, keyPrefix: config.redis.keyPrefix });
  } else {
    components.push(memoryStoreInfo());
    store = new MemoryWindowStore();
    seriesStore = new MemorySeriesStore(seriesOptions);
  }
  const series = {
    store: seriesStore,
    aggregator: new SeriesAggregator({ ...seriesOptions, now: () => clock.now() }),
  };
  metrics.countOverflow('series_subjects', () => series.aggregator.overflowed);
  metrics.countOverflow('series_metric_names', () => series.aggregator.metricsOverflowed);
  const topology = config.topology.enabled
    ? createTopology(config, { ...(redis ? { redis: redis.client } : {}), series, metrics, clock, logger })
    : undefined;
  // Right after the stores: it closes after the sources (writing their last edges), before Redis.
  if (topology) components.push(topology.flusher);

  const latenessMinutes = Math.ceil(config.pipeline.allowedLatenessMs / 60_000);
  const sink =
    deps.sink ??
    new PipelineSink({
      slos,
      store,
      series,
      ...(topology ? { topology: topology.builder } : {}),
      watermark: new Watermark(latenessMinutes, () => Math.floor(clock.now() / 60_000)),
      allowedLatenessMinutes: latenessMinutes,
      metrics,
      logger: logger.child({ component: 'pipeline' }),
    });
  const status = new SloStatusReader(slos, store, config.slos.windows);
  registerSlothMetrics(metrics.registry, status, clock);
  // Shared in Redis, so the instance leading incident grouping sees the external alerts
  // whichever instance Alertmanager's webhook reached, also after a failover.
  const externalAlerts: ExternalAlertStore = redis
    ? new RedisExternalAlertStore(redis.client, config.redis.keyPrefix, { now: () => clock.now() })
    : new MemoryExternalAlertStore({ now: () => clock.now() });
  const rootCause = new LiveRootCause({
    series: seriesStore,
    // Alerts received from Alertmanager count as evidence for the services they name
    // (calibrated ranker only).
    alerts: externalAlertSource(externalAlerts),
    rankOptions: { ranker: config.rootCause.ranker },
    ...(topology ? { topology: topology.reader } : {}),
    metrics,
  });
  // With incidents on, Slack hears about incidents instead of every alert.
  const incidentsOn = config.alerting.enabled && config.incidents.enabled;
  let incidents: IncidentsParts | undefined;
  const annotator = new AlertAnnotator({
    live: rootCause,
    slos,
    lookbackMs: config.incidents.rootCause.lookbackMs,
    refreshMs: config.incidents.rootCause.refreshMs,
    clock,
    incidentCandidates: async (alert) => incidents?.candidatesOf(alert),
    logger,
  });

  let engine: Engine | undefined;
  let api: HttpComponent | undefined;
  const alerting = config.alerting.enabled
    ? createAlerting({
        config,
        slos,
        windowStore: store,
        ...(redis ? { redis: redis.client } : {}),
        notifiers: routeAlertNotifiers(
          deps.notifiers ?? createNotifiers(config, { logger, metrics, clock }),
          {
            slackViaIncidents: incidentsOn,
            annotator,
          },
        ),
        clock,
        metrics,
        logger,
        apiBaseUrl: () => baseUrlOf(api?.address() ?? config.http),
      })
    : undefined;
  incidents =
    alerting && incidentsOn
      ? createIncidents({
          config,
          ...(redis ? { redis: redis.client } : {}),
          lease: alerting.lease,
          alerts: alerting.list,
          externalAlerts,
          ...(topology ? { topology: topology.reader } : {}),
          live: rootCause,
          slos,
          ...(deps.incidentNotifiers ? { notifiers: deps.incidentNotifiers } : {}),
          clock,
          metrics,
          logger,
          apiBaseUrl: () => baseUrlOf(api?.address() ?? config.http),
        })
      : undefined;
  const app = buildApi({
    logger,
    metrics,
    clock,
    status,
    series: seriesStore,
    readiness: () => engine?.readiness() ?? Promise.resolve([]),
    ...(alerting ? { alerts: alerting.list, alertRules: alerting.ruleSets } : {}),
    ...(topology ? { topology: topology.reader } : {}),
    externalAlerts: { store: externalAlerts, receiver: config.alerting.receiver },
    auth: config.auth,
    rootCause: { live: rootCause, defaultLookbackMs: config.incidents.rootCause.lookbackMs },
    ...(incidents ? { incidents: incidents.store } : {}),
  });
  api = new HttpComponent('api', app, config.http.host, config.http.port);
  components.push(api);

  const decode = { spanAttributes: spanAttributeKeys(slos) };
  let otlp: HttpComponent | undefined;
  if (config.otlp.enabled) {
    otlp = createOtlpHttpSource({ ...config.otlp, sink, metrics, logger, decode, auth: config.auth });
    components.push(otlp);
  }
  if (config.kafka.brokers.length > 0) {
    components.push(new KafkaSource({ config: config.kafka, sink, metrics, logger, decode }));
  }
  // Last, so alerting stops first on close: evaluation, then delivery, then the lease.
  if (alerting) components.push(...alerting.components);
  // After alerting, so incidents stop before the lease they run under is released.
  if (incidents) components.push(...incidents.components);

  engine = new Engine(components, logger);
  if (!credentialsConfigured(config.auth) && !/^(127\.|::1$|localhost$)/.test(config.http.host)) {
    logger.warn(
      { host: config.http.host },
      'the API takes writes without credentials on a non-loopback address; set auth.bearerTokens or auth.basicAuth',
    );
  }
  logger.info(
    { store: storeKind(config), sources: sourceKinds(config), slos: slos.length },
    'engine configured',
  );
  return {
    engine,
    api,
    otlp,
    metrics,
    store,
    series: seriesStore,
    status,
    alerting,
    topology,
    externalAlerts,
    sink,
    rootCause,
    incidents,
  };
}

/** The API's URL for links, from the address it is bound to (IPv6 hosts in brackets). */
function baseUrlOf(address: { host: string; port: number }): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `http://${host}:${address.port}`;
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
