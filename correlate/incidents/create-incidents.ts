import type { Alert } from '../../alerting/alert.js';
import { type Lease, MemoryLease } from '../../alerting/lease.js';
import type { Notifier } from '../../alerting/notifier.js';
import type { FetchFn } from '../../alerting/notifiers/http-delivery.js';
import { SerialQueue } from '../../alerting/notifiers/serial-queue.js';
import { SlackIncidentNotifier } from '../../alerting/notifiers/slack-incident-notifier.js';
import type { ExternalAlertStore } from '../../alerting/receiver/external-alert-store.js';
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Component } from '../../core/component.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import type { AlertAnnotator } from '../live/alert-annotator.js';
import type { GraphSource, LiveRootCause } from '../live/live-root-cause.js';
import type { Incident, RootCauseCandidate } from './incident.js';
import { IncidentDispatcher } from './incident-dispatcher.js';
import { IncidentLoop } from './incident-loop.js';
import { IncidentManager } from './incident-manager.js';
import type { IncidentNotifier } from './incident-notifier.js';
import { IncidentRanker } from './incident-ranking.js';
import type { IncidentStore } from './incident-store.js';
import { MemoryIncidentStore } from './memory-incident-store.js';
import { RedisIncidentStore } from './redis-incident-store.js';

export interface IncidentsDeps {
  config: Config;
  /** The engine's Redis client; incidents are then shared by every instance. */
  redis?: RedisClient;
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
  dispatcher: IncidentDispatcher;
  loop: IncidentLoop;
  notifiers: readonly IncidentNotifier[];
  /** In start order (dispatcher, loop); the engine closes them in reverse. */
  components: Component[];
  /** The candidates of the open incident `alert` has joined, if any (alert annotations). */
  candidatesOf(alert: Alert): Promise<RootCauseCandidate[] | undefined>;
}

/** Wires incidents from `config.incidents`: Redis store when the engine has Redis, else memory. */
export function createIncidents(deps: IncidentsDeps): IncidentsParts {
  const { config, clock, metrics } = deps;
  const c = config.incidents;
  const logger = deps.logger.child({ component: 'incidents' });
  const retention = { retentionMs: c.retentionMs, maxResolved: c.maxResolved };
  const lease = deps.lease;
  const store: IncidentStore = deps.redis
    ? new RedisIncidentStore(deps.redis, config.redis.keyPrefix, retention)
    : new MemoryIncidentStore(retention, lease instanceof MemoryLease ? (t) => lease.holds(t) : undefined);
  const notifiers = deps.notifiers ?? createSlackIncidentNotifiers(config, deps);
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
    grouping: { windowMs: c.windowMs, maxHops: c.maxHops, quietMs: c.quietMs },
    refreshMs: c.rootCause.refreshMs,
    clock,
    onEvents: () => dispatcher.wake(),
    metrics,
    logger,
  });
  const loop = new IncidentLoop({ manager, intervalMs: c.intervalMs, metrics, logger });

  let openCache: { atMs: number; incidents: Promise<Incident[]> } | undefined;
  const candidatesOf = async (alert: Alert): Promise<RootCauseCandidate[] | undefined> => {
    if (alert.firedAt === undefined) return undefined;
    const now = clock.now();
    if (openCache === undefined || now - openCache.atMs > 5000)
      openCache = { atMs: now, incidents: store.open() };
    const firedMs = Date.parse(alert.firedAt);
    const home = (await openCache.incidents).find((i) =>
      i.alerts.some(
        (a) =>
          a.source === 'faultline' && a.fingerprint === alert.fingerprint && Date.parse(a.since) === firedMs,
      ),
    );
    return home?.rootCause.candidates;
  };
  return { store, manager, dispatcher, loop, notifiers, components: [dispatcher, loop], candidatesOf };
}

/**
 * One `slack:<name>` incident notifier per `alerting.notifiers.slack` entry, with the alert
 * notifiers' delivery rules and budget; notifiers sharing a webhook URL share one queue.
 */
export function createSlackIncidentNotifiers(
  config: Config,
  deps: Pick<IncidentsDeps, 'logger' | 'metrics' | 'apiBaseUrl' | 'fetch'>,
): IncidentNotifier[] {
  const budgetMs = Math.floor((config.alerting.dispatch.claimTimeoutMs / 2) * 0.8);
  const queues = new Map<string, SerialQueue>();
  const external = config.alerting.evaluation.externalUrl?.replace(/\/+$/, '');
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
 * The alert notifiers as incidents want them: with incidents on, Slack (`slack:*`) is left
 * out, since Slack hears about incidents instead of every alert; every other notifier
 * (Alertmanager, webhooks) keeps its per-alert notifications, with the root-cause candidates
 * annotated on each alert.
 */
export function routeAlertNotifiers(
  notifiers: readonly Notifier[],
  options: { slackViaIncidents: boolean; annotator?: AlertAnnotator },
): Notifier[] {
  return notifiers
    .filter((n) => !(options.slackViaIncidents && n.name.startsWith('slack:')))
    .map((n) => options.annotator?.wrap(n) ?? n);
}
