import type { FastifyInstance } from 'fastify';
import type { Alert } from '../alerting/alert.js';
import type { IncidentStore } from '../alerting/incidents/incident-store.js';
import type { AlertRuleSet } from '../alerting/rule-sets.js';
import type { Clock } from '../core/clock.js';
import type { HealthCheck } from '../core/component.js';
import { type AuthConfig, registerAuth } from '../core/http/auth.js';
import { createApp } from '../core/http/create-app.js';
import type { LiveRootCause } from '../correlate/live/live-root-cause.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { SeriesStore } from '../pipeline/series/series-store.js';
import type { SloStatusReader } from '../pipeline/status/slo-status-reader.js';
import type { TopologyReader } from '../topology/topology-reader.js';
import { registerErrorHandler } from './error-handler.js';
import { type AlertmanagerWebhookOptions, alertmanagerWebhookRoutes } from './routes/alertmanager-webhook.js';
import { alertRoutes } from './routes/alerts.js';
import { dashboardRoutes, defaultDashboardDir } from './routes/dashboard.js';
import { healthRoutes } from './routes/health.js';
import { type IncidentRoutesOptions, incidentRoutes } from './routes/incidents.js';
import { metricsRoutes } from './routes/metrics.js';
import { rootCauseRoutes } from './routes/rootcause.js';
import { seriesRoutes } from './routes/series.js';
import { type SilenceRoutesOptions, silenceRoutes } from './routes/silences.js';
import {
  SLACK_INTERACTIONS_PATH,
  type SlackInteractionsOptions,
  slackInteractionRoutes,
} from './routes/slack-interactions.js';
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
  /** Alert rules per SLO id, shown with each SLO's status; none when alerting is off. */
  alertRules?: ReadonlyMap<string, AlertRuleSet>;
  /** The built dashboard served at `/`; `dist/ui` under the package root by default. */
  dashboardDir?: string;
  /**
   * The Alertmanager webhook receiver and its external alerts
   * (`/api/v1/alertmanager/webhook`, `/api/v1/alertmanager/alerts`); not served without it.
   */
  externalAlerts?: Pick<AlertmanagerWebhookOptions, 'store' | 'receiver'>;
  /** Who may call the API (`auth` of the configuration); everyone without it. */
  auth?: AuthConfig;
  /** Live root cause (`/api/v1/rootcause`) and its default lookback; not served without it. */
  rootCause?: { live: LiveRootCause; defaultLookbackMs: number };
  /** Silences (`/api/v1/silences`); not served when alerting is off. */
  silences?: SilenceRoutesOptions['silences'];
  /** Incidents (`/api/v1/incidents`); not served without them. */
  incidents?: Pick<IncidentStore, 'list' | 'get'>;
  /**
   * Slack app buttons (`/api/v1/slack/interactions`), verified with the apps' signing
   * secrets instead of the API's credentials (with none configured, every click is refused).
   */
  slackInteractions?: Pick<SlackInteractionsOptions, 'signingSecrets' | 'actions' | 'store' | 'silences'>;
  /** What people do to incidents (the write routes of `/api/v1/incidents/:id/...`). */
  incidentActions?: IncidentRoutesOptions['actions'];
}

const WEBHOOK_PATH = '/api/v1/alertmanager/webhook';

/** Builds the fastify app of the API (not listening yet), so tests can use `inject()`. */
export function buildApi(deps: ApiDeps): FastifyInstance {
  const app = createApp(deps.logger, 'api', 1024 * 1024);
  registerErrorHandler(app);
  const slackOn = deps.slackInteractions !== undefined;
  if (deps.auth) {
    const receiver = deps.externalAlerts?.receiver;
    // The webhook keeps its own credentials when `alerting.receiver` sets them.
    const ownAuth = receiver?.bearerToken !== undefined || receiver?.basicAuth !== undefined;
    registerAuth(app, {
      auth: deps.auth,
      scope: 'api',
      exempt: (request) => {
        const path = request.url.split('?', 1)[0];
        // Slack's button clicks carry Slack's signature, checked by their route, not our credentials.
        if (slackOn && path === SLACK_INTERACTIONS_PATH) return true;
        return ownAuth && path === WEBHOOK_PATH;
      },
      metrics: deps.metrics,
    });
  }
  void app.register(healthRoutes, { readiness: deps.readiness });
  void app.register(metricsRoutes, { metrics: deps.metrics });
  void app.register(sloRoutes, {
    reader: deps.status,
    clock: deps.clock,
    ...(deps.alertRules ? { rules: deps.alertRules } : {}),
  });
  void app.register(seriesRoutes, { store: deps.series, clock: deps.clock });
  if (deps.topology) void app.register(topologyRoutes, { reader: deps.topology, clock: deps.clock });
  void app.register(alertRoutes, { list: deps.alerts ?? (async () => []) });
  if (deps.silences) {
    void app.register(silenceRoutes, { silences: deps.silences, now: () => deps.clock.now() });
  }
  if (deps.rootCause) {
    void app.register(rootCauseRoutes, {
      ...deps.rootCause,
      slos: deps.status.slos,
      series: deps.series,
      clock: deps.clock,
      ...(deps.topology ? { topology: deps.topology } : {}),
    });
  }
  if (deps.incidents) {
    void app.register(incidentRoutes, {
      store: deps.incidents,
      ...(deps.incidentActions ? { actions: deps.incidentActions } : {}),
    });
  }
  if (deps.slackInteractions) {
    void app.register(slackInteractionRoutes, {
      ...deps.slackInteractions,
      now: () => deps.clock.now(),
      logger: deps.logger,
      metrics: deps.metrics,
    });
  }
  if (deps.externalAlerts) {
    void app.register(alertmanagerWebhookRoutes, {
      ...deps.externalAlerts,
      metrics: deps.metrics,
      clock: deps.clock,
    });
  }
  void app.register(dashboardRoutes, { dir: deps.dashboardDir ?? defaultDashboardDir() });
  return app;
}
