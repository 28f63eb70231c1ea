import { type AlertingParts, createAlerting } from '../alerting/create-alerting.js';
import { AlertAnnotator } from '../alerting/incidents/alert-annotator.js';
import {
  createIncidents,
  type IncidentsParts,
  routeAlertNotifiers,
} from '../alerting/incidents/create-incidents.js';
import { incidentCandidatesFrom } from '../alerting/incidents/incident-candidates.js';
import type { IncidentNotifier } from '../alerting/incidents/incident-notifier.js';
import type { Notifier } from '../alerting/notifier.js';
import { createNotifiers } from '../alerting/notifiers/create-notifiers.js';
import type { ExternalAlertStore } from '../alerting/receiver/external-alert-store.js';
import { MaintenanceWindows } from '../alerting/silences/maintenance-windows.js';
import { buildApi } from '../api/server.js';
import { type Config, otlpGrpcPort, sourceKinds } from '../config/schema.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Component } from '../core/component.js';
import { credentialsConfigured } from '../core/http/auth.js';
import { HttpComponent, ListenAddress } from '../core/http/http-component.js';
import { LiveRootCause } from '../correlate/live/live-root-cause.js';
import { KafkaSource } from '../ingest/kafka/kafka-source.js';
import { OtlpGrpcSource } from '../ingest/otlp-grpc/otlp-grpc-source.js';
import { createOtlpHttpSource } from '../ingest/otlp-http/otlp-http-source.js';
import type { TelemetrySink } from '../ingest/telemetry-sink.js';
import type { Logger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { Watermark } from '../pipeline/event-time.js';
import { PipelineSink } from '../pipeline/pipeline-sink.js';
import { SeriesAggregator } from '../pipeline/series/series-aggregator.js';
import type { SeriesStore } from '../pipeline/series/series-store.js';
import { SampledSlos } from '../pipeline/sli/span-weight.js';
import { loadSloFiles } from '../pipeline/slo/load-slos.js';
import { type Slo, spanAttributeKeys } from '../pipeline/slo/slo.js';
import { SloStatusReader } from '../pipeline/status/slo-status-reader.js';
import { registerSlothMetrics } from '../pipeline/status/sloth-metrics.js';
import { StatusRefresher } from '../pipeline/status/status-refresher.js';
import { SloStatusSnapshot } from '../pipeline/status/status-snapshot.js';
import type { WindowStore } from '../pipeline/window/window-store.js';
import { createTopology, graphStoreOptions, type TopologyParts } from '../topology/create-topology.js';
import { externalAlertSource } from './alert-source.js';
import { Engine, readinessOf } from './engine.js';
import { createStorageBackend } from './storage/create-backend.js';
import type { StorageBackend } from './storage/storage-backend.js';

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
  /** Present when the OTLP/gRPC receiver is enabled (`otlp.enabled` and `otlp.grpcEnabled`). */
  otlpGrpc: OtlpGrpcSource | undefined;
  metrics: EngineMetrics;
  store: WindowStore;
  series: SeriesStore;
  status: SloStatusReader;
  /** Reads every SLO's status on the evaluation schedule for the Sloth gauges on /metrics. */
  statusRefresher: StatusRefresher;
  /** Present unless `alerting.enabled` is false. */
  alerting: AlertingParts | undefined;
  /** Present unless `topology.enabled` is false. */
  topology: TopologyParts | undefined;
  /** Alerts received from Alertmanager webhooks (`POST /api/v1/alertmanager/webhook`). */
  externalAlerts: ExternalAlertStore;
  /** Where every store lives (memory or Redis), and how many commands it was sent. */
  storage: StorageBackend;
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

  const backend = createStorageBackend(config);
  components.push(backend.component);
  const seriesOptions = {
    resolutionMs: config.pipeline.seriesResolutionMs,
    retentionMs: config.pipeline.seriesRetentionMs,
  };
  const store = backend.windowStore();
  // Before anything writes counts: the sources start later, in component order.
  const migration = backend.windowMigration(
    slos.map((s) => ({
      sloId: s.id,
      retentionMinutes: s.periodMinutes + Math.ceil(config.pipeline.allowedLatenessMs / 60_000),
    })),
    clock,
    logger.child({ component: 'window-migration' }),
  );
  if (migration) components.push(migration);
  const seriesStore = backend.seriesStore(seriesOptions);
  const series = {
    store: seriesStore,
    aggregator: new SeriesAggregator({ ...seriesOptions, now: () => clock.now() }),
  };
  metrics.countOverflow('series_subjects', () => series.aggregator.overflowed);
  metrics.countOverflow('series_metric_names', () => series.aggregator.metricsOverflowed);
  const topology = config.topology.enabled
    ? createTopology(config, {
        store: backend.graphStore(graphStoreOptions(config)),
        series,
        metrics,
        clock,
        logger,
      })
    : undefined;
  // Right after the stores: it closes after the sources (writing their last edges), before Redis.
  if (topology) components.push(topology.flusher);

  const sampled = new SampledSlos();
  const ratioAttribute = config.pipeline.samplingRatioAttribute;
  const latenessMinutes = Math.ceil(config.pipeline.allowedLatenessMs / 60_000);
  const sink =
    deps.sink ??
    new PipelineSink({
      slos,
      store,
      series,
      ...(topology ? { topology: topology.feed } : {}),
      watermark: new Watermark(latenessMinutes, () => Math.floor(clock.now() / 60_000)),
      allowedLatenessMinutes: latenessMinutes,
      metrics,
      logger: logger.child({ component: 'pipeline' }),
      sampling: { ...(ratioAttribute === undefined ? {} : { ratioAttribute }), sampled },
    });
  const status = new SloStatusReader(slos, store, config.slos.windows, sampled);
  // The Sloth gauges show the last status evaluation, which the refresher makes on the alert
  // evaluation's schedule; a scrape reads nothing.
  const statusSnapshot = new SloStatusSnapshot();
  registerSlothMetrics(metrics.registry, statusSnapshot, config.slos.windows, slos);
  const statusRefresher = new StatusRefresher({
    reader: status,
    snapshot: statusSnapshot,
    schedule: { cron: config.alerting.evaluation.schedule },
    clock,
    metrics,
    logger: logger.child({ component: 'status-refresh' }),
  });
  // Shared in Redis, so the instance leading incident grouping sees the external alerts
  // whichever instance Alertmanager's webhook reached, also after a failover.
  const externalAlerts = backend.externalAlertStore({
    now: () => clock.now(),
    onEvicted: (n) => metrics.externalAlertsEvicted.inc(n),
  });
  const rootCause = new LiveRootCause({
    series: seriesStore,
    // Alerts received from Alertmanager count as evidence for the services they name
    // (calibrated ranker only).
    alerts: externalAlertSource(externalAlerts),
    rankOptions: { ranker: config.rootCause.ranker },
    ...(topology ? { topology: topology.reader } : {}),
    metrics,
  });
  // Links in alert and incident messages point here; the bound port is known once it listens.
  const apiAddress = new ListenAddress(config.http);
  const apiBaseUrl = () => apiAddress.baseUrl();

  // The lease and the stores it fences come first: alerting, incidents and the annotator read them.
  const coordination = config.alerting.enabled
    ? backend.coordination(config.alerting.lease.periodMs)
    : undefined;
  // With incidents on, Slack hears about incidents instead of every alert.
  const incidentsOn = config.alerting.enabled && config.incidents.enabled;
  const incidentStore =
    coordination && incidentsOn
      ? coordination.incidentStore({
          retentionMs: config.incidents.retentionMs,
          maxResolved: config.incidents.maxResolved,
        })
      : undefined;
  const annotator = new AlertAnnotator({
    live: rootCause,
    slos,
    lookbackMs: config.incidents.rootCause.lookbackMs,
    refreshMs: config.incidents.rootCause.refreshMs,
    clock,
    incidentCandidates: incidentStore ? incidentCandidatesFrom(incidentStore, clock) : async () => undefined,
    logger,
  });
  const alerting = coordination
    ? createAlerting({
        config,
        slos,
        windowStore: store,
        lease: coordination.lease,
        store: coordination.alertStore(),
        durable: backend.durable,
        silenceStore: backend.silenceStore(),
        notifiers: routeAlertNotifiers(
          deps.notifiers ?? createNotifiers(config, { logger, metrics, clock }),
          {
            slackViaIncidents: incidentsOn,
            annotator,
          },
        ),
        ...(topology ? { topology: topology.reader } : {}),
        clock,
        metrics,
        logger,
        apiBaseUrl,
      })
    : undefined;
  // Maintenance windows live with the silences, above the status reader in the layers.
  if (alerting) status.excludeFromBudget(new MaintenanceWindows(alerting.silences));
  const incidents =
    alerting && incidentStore
      ? createIncidents({
          config,
          store: incidentStore,
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
          apiBaseUrl,
        })
      : undefined;
  const app = buildApi({
    logger,
    metrics,
    clock,
    status,
    series: seriesStore,
    // Every component, including those added below: the array is complete before the API serves.
    readiness: () => readinessOf(components),
    ...(alerting
      ? { alerts: alerting.list, alertRules: alerting.ruleSets, silences: alerting.silences }
      : {}),
    ...(topology ? { topology: topology.reader } : {}),
    externalAlerts: { store: externalAlerts, receiver: config.alerting.receiver },
    auth: config.auth,
    rootCause: { live: rootCause, defaultLookbackMs: config.incidents.rootCause.lookbackMs },
    ...(incidents ? { incidents: incidents.store, incidentActions: incidents.actions } : {}),
    ...(incidents
      ? {
          slackInteractions: {
            signingSecrets: config.alerting.notifiers.slackApp.flatMap((s) => s.signingSecret ?? []),
            actions: incidents.actions,
            store: incidents.store,
            ...(alerting ? { silences: alerting.silences } : {}),
          },
        }
      : {}),
  });
  const api = new HttpComponent('api', app, config.http.host, config.http.port, {
    listenAddress: apiAddress,
    guard: { allowedHosts: config.http.allowedHosts },
  });
  components.push(api);

  const spanAttributes = new Set(spanAttributeKeys(slos));
  if (ratioAttribute !== undefined) spanAttributes.add(ratioAttribute);
  const decode = { spanAttributes };
  let otlp: HttpComponent | undefined;
  if (config.otlp.enabled) {
    otlp = createOtlpHttpSource({ ...config.otlp, sink, metrics, logger, decode, auth: config.auth });
    components.push(otlp);
  }
  let otlpGrpc: OtlpGrpcSource | undefined;
  if (config.otlp.enabled && config.otlp.grpcEnabled) {
    const { host, maxBodyBytes, maxRecordsPerExport } = config.otlp;
    otlpGrpc = new OtlpGrpcSource({
      host,
      port: otlpGrpcPort(config),
      maxBodyBytes,
      maxRecordsPerExport,
      sink,
      metrics,
      logger,
      decode,
      auth: config.auth,
    });
    components.push(otlpGrpc);
  }
  if (config.kafka.brokers.length > 0) {
    components.push(new KafkaSource({ config: config.kafka, sink, metrics, logger, decode }));
  }
  components.push(statusRefresher);
  // Last, so alerting stops first on close: evaluation, then delivery, then the lease.
  if (alerting) components.push(...alerting.components);
  // After alerting, so incidents stop before the lease they run under is released.
  if (incidents) components.push(...incidents.components);

  const engine = new Engine(components, logger);
  if (!incidentsOn && config.alerting.notifiers.slackApp.length > 0) {
    logger.warn(
      { notifiers: config.alerting.notifiers.slackApp.map((s) => `slack-app:${s.name}`) },
      'alerting.notifiers.slackApp posts incident messages only: with incidents (or alerting) off it sends nothing',
    );
  }
  if (!credentialsConfigured(config.auth) && !/^(127\.|::1$|localhost$)/.test(config.http.host)) {
    logger.warn(
      { host: config.http.host },
      'the API (and its Alertmanager webhook receiver) takes writes without credentials on a non-loopback address; set auth.bearerTokens or auth.basicAuth',
    );
  }
  logger.debug({ store: backend.kind, sources: sourceKinds(config), slos: slos.length }, 'engine configured');
  return {
    engine,
    api,
    otlp,
    otlpGrpc,
    metrics,
    store,
    series: seriesStore,
    status,
    statusRefresher,
    alerting,
    topology,
    externalAlerts,
    storage: backend,
    sink,
    rootCause,
    incidents,
  };
}
