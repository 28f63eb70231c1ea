import { configSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import type { Component } from '../core/component.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { Slo } from '../pipeline/slo/slo.js';
import type { WindowStore } from '../pipeline/window/window-store.js';
import type { TopologyReader } from '../topology/topology-reader.js';
import type { Alert } from './alert.js';
import type { AlertStore } from './alert-store.js';
import { Dispatcher } from './dispatcher.js';
import { EvaluationLoop } from './evaluation-loop.js';
import { AlertEvaluator } from './evaluator.js';
import type { Lease } from './lease.js';
import { LeaseKeeper } from './lease-keeper.js';
import { MemoryAlertStore } from './memory-alert-store.js';
import type { Notifier } from './notifier.js';
import { notifierRoutes } from './notifier-routes.js';
import type { Outbox } from './outbox.js';
import { RoutedNotifier } from './routing.js';
import { type AlertRuleSet, ruleSetsFor } from './rule-sets.js';
import { AlertmanagerSilences } from './silences/alertmanager-silences.js';
import type { SilenceStore } from './silences/silence-store.js';
import { Silences } from './silences/silences.js';

export interface AlertingDeps {
  config: Config;
  slos: readonly Slo[];
  windowStore: WindowStore;
  /** The evaluation lease: only its holder evaluates and delivers. */
  lease: Lease;
  /** Alert state and the notification outbox, fenced by `lease`. */
  store: AlertStore & Outbox;
  /** Whether `store` outlives the process (Redis): evaluation then trusts the history it finds. */
  durable: boolean;
  /** Silences, in the engine's storage backend. */
  silenceStore: SilenceStore;
  notifiers: readonly Notifier[];
  /** The service graph, for topology-aware inhibition (`alerting.inhibition.topology`). */
  topology?: Pick<TopologyReader, 'graphAt'>;
  clock: Clock;
  metrics: EngineMetrics;
  logger: Logger;
  /** Where the API listens, for generatorURLs when `alerting.evaluation.externalUrl` is not set. */
  apiBaseUrl: () => string;
}

export interface AlertingParts {
  evaluator: AlertEvaluator;
  store: AlertStore & Outbox;
  lease: Lease;
  dispatcher: Dispatcher;
  loop: EvaluationLoop;
  /** In start order (lease keeper, dispatcher, evaluation loop); the engine closes them in reverse. */
  components: Component[];
  /** Every stored alert (pending, firing, recently resolved), for the API. */
  list: () => Promise<Alert[]>;
  /** The rule set of each SLO, by id (for the API's view of the thresholds). */
  ruleSets: ReadonlyMap<string, AlertRuleSet>;
  /** Silences: faultline's own (in the engine's store) and the configured Alertmanager's. */
  silences: Silences;
}

/** Wires alerting from the configuration around the lease and store the engine's storage backend made. */
export function createAlerting(deps: AlertingDeps): AlertingParts {
  const { config, clock, metrics } = deps;
  const a = config.alerting;
  const logger = deps.logger.child({ component: 'alerting' });

  const { lease, store } = deps;

  const externalUrl = a.evaluation.externalUrl?.replace(/\/+$/, '');
  const source = configSource(deps.config);
  const ruleSets = ruleSetsFor(deps.slos, a.rules, source);
  const routes = notifierRoutes(config, source);
  const notifiers = deps.notifiers.map((n) => new RoutedNotifier(n, routes.get(n.name) ?? []));
  const amUrls = a.notifiers.alertmanager.urls;
  const silences = new Silences({
    store: deps.silenceStore,
    clock,
    retentionMs: a.silences.retentionMs,
    ...(a.silences.alertmanager.enabled && amUrls.length > 0
      ? {
          alertmanager: new AlertmanagerSilences({
            urls: amUrls,
            timeoutMs: a.notifiers.alertmanager.timeoutMs,
            refreshMs: a.silences.alertmanager.refreshMs,
            logger,
          }),
        }
      : {}),
  });
  const evaluator = new AlertEvaluator({
    slos: deps.slos,
    windowStore: deps.windowStore,
    ruleSets,
    alertStore: store,
    timings: { forMs: a.rules.forMs, keepFiringForMs: a.rules.keepFiringForMs },
    resolvedRetentionMs: a.evaluation.resolvedRetentionMs,
    notifiers: notifiers.map((n) => n.name),
    routes,
    silences: () => silences.active(),
    ...(deps.topology && a.inhibition.topology
      ? { topology: (atMs: number) => deps.topology!.graphAt(atMs) }
      : {}),
    apiBaseUrl: externalUrl === undefined ? deps.apiBaseUrl : () => externalUrl,
    extraWindows: config.slos.windows,
    // The memory store starts empty with the process; Redis keeps what came before.
    ...(deps.durable ? {} : { historyStartMs: clock.now() }),
    clock,
    metrics,
    logger,
  });
  const list = async () => (await store.load()).map((r) => r.alert);
  const dispatcher = new Dispatcher({
    outbox: store,
    notifiers,
    currentAlerts: list,
    isLeader: () => lease.held(),
    ...a.dispatch,
    resendIntervalMs: a.notifiers.alertmanager.resendIntervalMs,
    clock,
    metrics,
    logger,
  });
  const loop = new EvaluationLoop({
    evaluator,
    lease,
    schedule: a.evaluation.schedule,
    clock,
    onTransitions: () => dispatcher.wake(),
    metrics,
    logger,
  });
  const keeper = new LeaseKeeper(lease, { metrics, logger });
  return {
    evaluator,
    store,
    lease,
    dispatcher,
    loop,
    components: [keeper, dispatcher, loop],
    list,
    ruleSets,
    silences,
  };
}

export interface ReplayDeps {
  config: Config;
  slos: readonly Slo[];
  windowStore: WindowStore;
  /** When the replayed counts begin; no-data waits a full window after it. */
  historyStartMs?: number;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * An evaluator for replays and backtests: the configured rules, state in memory, no lease
 * and no notifiers. Call `evaluateAt(ms)` at each step of event time; each result carries
 * that step's transitions.
 */
export function createReplayEvaluator(deps: ReplayDeps): AlertEvaluator {
  const a = deps.config.alerting;
  const http = deps.config.http;
  const base = a.evaluation.externalUrl?.replace(/\/+$/, '') ?? `http://${http.host}:${http.port}`;
  return new AlertEvaluator({
    slos: deps.slos,
    windowStore: deps.windowStore,
    ruleSets: ruleSetsFor(deps.slos, a.rules, configSource(deps.config)),
    alertStore: new MemoryAlertStore(),
    timings: { forMs: a.rules.forMs, keepFiringForMs: a.rules.keepFiringForMs },
    resolvedRetentionMs: a.evaluation.resolvedRetentionMs,
    notifiers: [],
    apiBaseUrl: () => base,
    extraWindows: deps.config.slos.windows,
    ...(deps.historyStartMs === undefined ? {} : { historyStartMs: deps.historyStartMs }),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}
