import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Component } from '../../core/component.js';
import type { GraphSource, LiveRootCause } from '../../correlate/live/live-root-cause.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import type { Alert } from '../alert.js';
import type { Lease } from '../lease.js';
import type { Notifier } from '../notifier.js';
import type { FetchFn } from '../notifiers/http-delivery.js';
import { SerialQueue } from '../notifiers/serial-queue.js';
import { SlackAppIncidentNotifier } from '../notifiers/slack-app-notifier.js';
import { SlackIncidentNotifier } from '../notifiers/slack-incident-notifier.js';
import { SlackWebApi } from '../notifiers/slack-web-api.js';
import type { ExternalAlertStore } from '../receiver/external-alert-store.js';
import type { AlertAnnotator } from './alert-annotator.js';
import { IncidentActions } from './incident-actions.js';
import { IncidentDispatcher } from './incident-dispatcher.js';
import { IncidentLoop } from './incident-loop.js';
import { IncidentManager } from './incident-manager.js';
import type { IncidentNotifier } from './incident-notifier.js';
import { IncidentRanker } from './incident-ranking.js';
import type { IncidentStore } from './incident-store.js';

export interface IncidentsDeps {
  config: Config;
  /** Where incidents are kept, fenced by `lease` (the storage backend makes it). */
  store: IncidentStore;
  /** The alerting evaluation lease: its holder updates incidents. */
  lease: Lease;
  /** faultline's current alerts. */
  alerts: () => Promise<readonly Alert[]>;
  externalAlerts?: ExternalAlertStore;
  topology?: GraphSource;
  live: LiveRootCause;
  slos: readonly Slo[];
  /** Where incident events go; Slack per `alerting.notifiers.slack` by default. */
  notifiers?: readonly IncidentNotifier[];
  clock: Clock;
  metrics: EngineMetrics;
  logger: Logger;
  /** The API's base URL, for links in messages. */
  apiBaseUrl: () => string;
  fetch?: FetchFn;
}

export interface IncidentsParts {
  store: IncidentStore;
  manager: IncidentManager;
  /** What people do to incidents (API, dashboard, Slack buttons). */
  actions: IncidentActions;
  dispatcher: IncidentDispatcher;
  loop: IncidentLoop;
  notifiers: readonly IncidentNotifier[];
  /** In start order (dispatcher, loop); the engine closes them in reverse. */
  components: Component[];
}

/** Wires incidents from `config.incidents` around the store the engine's storage backend made. */
export function createIncidents(deps: IncidentsDeps): IncidentsParts {
  const { config, clock, metrics } = deps;
  const c = config.incidents;
  const logger = deps.logger.child({ component: 'incidents' });
  const { lease, store } = deps;
  const notifiers = deps.notifiers ?? [
    ...createSlackIncidentNotifiers(config, deps),
    ...createSlackAppNotifiers(config, { ...deps, store }),
  ];
  const dispatcher = new IncidentDispatcher({
    store,
    notifiers,
    ...config.alerting.dispatch,
    clock,
    metrics,
    logger,
  });
  const ranker = new IncidentRanker({
    live: deps.live,
    slos: deps.slos,
    lookbackMs: c.rootCause.lookbackMs,
    keepCandidates: c.rootCause.candidates,
  });
  const manager = new IncidentManager({
    store,
    lease,
    alerts: deps.alerts,
    ...(deps.externalAlerts ? { externalAlerts: deps.externalAlerts } : {}),
    ...(deps.topology ? { topology: deps.topology } : {}),
    ranker,
    notifiers: notifiers.map((n) => n.name),
    grouping: { windowMs: c.windowMs, maxHops: c.maxHops, quietMs: c.quietMs, maxAlerts: c.maxAlerts },
    refreshMs: c.rootCause.refreshMs,
    clock,
    onEvents: () => dispatcher.wake(),
    metrics,
    logger,
  });
  const loop = new IncidentLoop({ manager, intervalMs: c.intervalMs, metrics, logger });
  const actions = new IncidentActions({
    store,
    notifiers: notifiers.map((n) => n.name),
    clock,
    onEvents: () => dispatcher.wake(),
    metrics,
    logger,
  });

  return { store, manager, actions, dispatcher, loop, notifiers, components: [dispatcher, loop] };
}

/**
 * One `slack:<name>` incident notifier per `alerting.notifiers.slack` entry, with the alert
 * notifiers' delivery rules and budget; notifiers sharing a webhook URL share one queue.
 */
export function createSlackIncidentNotifiers(
  config: Config,
  deps: Pick<IncidentsDeps, 'logger' | 'metrics' | 'apiBaseUrl' | 'fetch'>,
): IncidentNotifier[] {
  const budgetMs = notifyBudgetMs(config);
  const queues = new Map<string, SerialQueue>();
  const external = dashboardUrl(config);
  return config.alerting.notifiers.slack.map((s) => {
    let queue = queues.get(s.webhookUrl);
    if (queue === undefined) {
      queue = new SerialQueue();
      queues.set(s.webhookUrl, queue);
    }
    return new SlackIncidentNotifier({
      ...s,
      budgetMs,
      queue,
      apiBaseUrl: external === undefined ? deps.apiBaseUrl : () => external,
      logger: deps.logger,
      metrics: deps.metrics,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
  });
}

/**
 * The alert notifiers as incidents want them: with incidents on, a notifier whose channel
 * hears about incidents instead (`incidentsInstead`: Slack) is left out; every other notifier
 * (Alertmanager, webhooks) keeps its per-alert notifications, with the root-cause candidates
 * annotated on each alert.
 */
export function routeAlertNotifiers(
  notifiers: readonly Notifier[],
  options: { slackViaIncidents: boolean; annotator?: AlertAnnotator },
): Notifier[] {
  return notifiers
    .filter((n) => !(options.slackViaIncidents && n.incidentsInstead === true))
    .map((n) => options.annotator?.wrap(n) ?? n);
}

/** Each notify call settles within 80 % of the dispatcher's notify timeout, waits included. */
function notifyBudgetMs(config: Config): number {
  return Math.floor((config.alerting.dispatch.claimTimeoutMs / 2) * 0.8);
}

/** Where people reach the dashboard: `incidents.dashboardUrl`, else the external URL, else undefined (the API's address). */
function dashboardUrl(config: Config): string | undefined {
  return (config.incidents.dashboardUrl ?? config.alerting.evaluation.externalUrl)?.replace(/\/+$/, '');
}

/**
 * One `slack-app:<name>` incident notifier per `alerting.notifiers.slackApp` entry, keeping
 * its messages in the incident store; apps posting to one channel share its pacing queue.
 */
export function createSlackAppNotifiers(
  config: Config,
  deps: Pick<IncidentsDeps, 'logger' | 'metrics' | 'apiBaseUrl' | 'fetch' | 'store'>,
): IncidentNotifier[] {
  const budgetMs = notifyBudgetMs(config);
  const channels = new Map<string, SerialQueue>();
  const external = dashboardUrl(config);
  return config.alerting.notifiers.slackApp.map((s) => {
    const api = new SlackWebApi({
      notifier: `slack-app:${s.name}`,
      botToken: s.botToken,
      apiUrl: s.apiUrl,
      timeoutMs: s.timeoutMs,
      paceMs: s.paceMs,
      metrics: deps.metrics,
      channels,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    return new SlackAppIncidentNotifier({
      name: s.name,
      channel: s.channel,
      api,
      messages: deps.store,
      dashboardUrl: external === undefined ? deps.apiBaseUrl : () => external,
      budgetMs,
      logger: deps.logger,
    });
  });
}
