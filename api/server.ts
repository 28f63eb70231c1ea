import type { FastifyInstance } from 'fastify';
import type { Alert } from '../alerting/alert.js';
import type { Clock } from '../core/clock.js';
import type { HealthCheck } from '../engine/component.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { SeriesStore } from '../pipeline/series/series-store.js';
import type { SloStatusReader } from '../pipeline/status/slo-status-reader.js';
import type { TopologyReader } from '../topology/topology-reader.js';
import { createApp } from './create-app.js';
import { registerErrorHandler } from './error-handler.js';
import { type AlertmanagerWebhookOptions, alertmanagerWebhookRoutes } from './routes/alertmanager-webhook.js';
import { alertRoutes } from './routes/alerts.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { seriesRoutes } from './routes/series.js';
import { sloRoutes } from './routes/slos.js';
import { topologyRoutes } from './routes/topology.js';

/** What the HTTP API reads from the running engine. */
export interface ApiDeps {
  logger: Logger;
  metrics: EngineMetrics;
  clock: Clock;
  status: SloStatusReader;
  series: SeriesStore;
  /** The service graph; `/api/v1/topology` answers 404 without it. */
  topology?: TopologyReader;
  /** Runs every component's readiness check. */
  readiness: () => Promise<HealthCheck[]>;
  /** Faultline's current SLO alerts; none when alerting is off. */
  alerts?: () => Promise<readonly Alert[]>;
  /**
   * The Alertmanager webhook receiver and its external alerts
   * (`/api/v1/alertmanager/webhook`, `/api/v1/alertmanager/alerts`); not served without it.
   */
  externalAlerts?: Pick<AlertmanagerWebhookOptions, 'store' | 'receiver'>;
}

/** Builds the fastify app of the API (not listening yet), so tests can use `inject()`. */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = createApp(deps.logger, 'api', 1024 * 1024);
  registerErrorHandler(app);
  void app.register(healthRoutes, { readiness: deps.readiness });
  void app.register(metricsRoutes, { metrics: deps.metrics });
  void app.register(sloRoutes, { reader: deps.status, clock: deps.clock });
  void app.register(seriesRoutes, { store: deps.series, clock: deps.clock });
  if (deps.topology) void app.register(topologyRoutes, { reader: deps.topology, clock: deps.clock });
  void app.register(alertRoutes, { list: deps.alerts ?? (async () => []) });
  if (deps.externalAlerts) {
    void app.register(alertmanagerWebhookRoutes, {
      ...deps.externalAlerts,
      metrics: deps.metrics,
      clock: deps.clock,
    });
  }
  return app;
}
