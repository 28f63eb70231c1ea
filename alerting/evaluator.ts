import { type Clock, systemClock } from '../core/clock.js';
import type { Logger } from '../observability/logger.js';
import type { EngineMetrics } from '../observability/metrics.js';
import type { Slo } from '../pipeline/slo/slo.js';
import type { SloStatus } from '../pipeline/status/slo-status.js';
import { SloStatusReader } from '../pipeline/status/slo-status-reader.js';
import type { WindowStore } from '../pipeline/window/window-store.js';
import type { ServiceGraph } from '../topology/service-graph.js';
import type { Alert, AlertTransition } from './alert.js';
import { type AlertCondition, type AlertEpisode, conditionsFor } from './alert-conditions.js';
import { alertLabels, renderAlert } from './alert-content.js';
import { type AlertMachine, type AlertTimings, INACTIVE, notifies, stepAlert } from './alert-state.js';
import type { AlertRecord, AlertStore } from './alert-store.js';
import { inhibitions, withHold } from './inhibition.js';
import { releasedTransitions } from './notification-release.js';
import type { OutboxEntry } from './outbox.js';
import { type Routes, recipientsOf, withSilences } from './routing.js';
import { type AlertRuleSet, ruleWindows } from './rule-sets.js';
import type { Silence } from './silences/silence.js';

export interface EvaluatorOptions {
  slos: readonly Slo[];
  windowStore: WindowStore;
  /** Rule set per SLO id (`ruleSetsFor`); SLOs without one are not evaluated. */
  ruleSets: ReadonlyMap<string, AlertRuleSet>;
  alertStore: AlertStore;
  timings: AlertTimings;
  /** How long a resolved alert is kept (listed and re-sent) before it is forgotten. */
  resolvedRetentionMs: number;
  /** Names of the notifiers; each firing or resolved transition is queued once per name. */
  notifiers: readonly string[];
  /** Each notifier's matchers; a notifier without them takes every alert. */
  routes?: Routes;
  /** The silences in force now: a silenced alert's transitions are recorded, never queued. */
  silences?: () => Promise<readonly Silence[]>;
  /**
   * The service graph at an instant, for topology-aware inhibition (`inhibition.ts`);
   * without it no page is held.
   */
  topology?: (atMs: number) => Promise<ServiceGraph | undefined>;
  /** Base URL of faultline's HTTP API, for each alert's generatorURL. */
  apiBaseUrl: () => string;
  /** More windows to report burn rates for (e.g. `slos.windows`) besides the rules' own. */
  extraWindows?: readonly number[];
  /** When the store's counts begin (memory store: engine start); no-data waits a full window after it. */
  historyStartMs?: number;
  /** Wall clock for outbox due times; event time comes in with each evaluation. */
  clock?: Clock;
  metrics?: EngineMetrics;
  logger?: Logger;
}

export interface EvaluationResult {
  /** The event time evaluated (ISO 8601). */
  at: string;
  /** False when the fence was lost: nothing was written and there are no transitions. */
  committed: boolean;
  /** The state changes of this evaluation, in SLO order. */
  transitions: AlertTransition[];
  /** Every alert that is not inactive after this evaluation. */
  alerts: Alert[];
}

interface Rendered {
  alert: Alert;
  episode: AlertEpisode;
}

/**
 * Evaluates every SLO's alert rules at one instant of event time: reads the SLO status
 * (period and every rule window) from the WindowStore, steps each alert's state machine,
 * and commits the new states together with the notifications to queue. Live mode calls it
 * from the evaluation loop with `clock.now()`; replays and backtests call `evaluateAt` at
 * each step of event time.
 */
export class AlertEvaluator {
  readonly reader: SloStatusReader;

  constructor(private readonly o: EvaluatorOptions) {
    this.reader = new SloStatusReader(
      o.slos,
      o.windowStore,
      ruleWindows(o.ruleSets.values(), o.extraWindows),
    );
  }

  /**
   * Evaluates at event time `atMs`. Windows end at the minute boundary at or after `atMs`,
   * so an evaluation on a boundary sees exactly the completed minutes before it. `fence` is
   * the lease token the commit must still hold; `null` commits unfenced (replays).
   */
  async evaluateAt(atMs: number, fence: string | null = null): Promise<EvaluationResult> {
    const o = this.o;
    const at = new Date(atMs).toISOString();
    const timer = o.metrics?.alertEvaluationSeconds.startTimer();
    const [statuses, records, silences] = await Promise.all([
      this.reader.read(Math.ceil(atMs / 60_000)),
      o.alertStore.load(),
      o.silences?.() ?? [],
    ]);
    const previous = new Map(records.map((r) => [r.key, r]));
    const upserts: AlertRecord[] = [];
    const deletes: string[] = [];
    const transitions: AlertTransition[] = [];

    const advance = (key: string, active: boolean, render: (m: AlertMachine, fresh: boolean) => Rendered) => {
      const prev = previous.get(key);
      previous.delete(key);
      const { next, change } = stepAlert(prev?.machine ?? INACTIVE, active, atMs, o.timings);
      const fresh = prev === undefined || change?.from === 'inactive' || change?.from === 'resolved';
      if (next.state === 'inactive' && prev === undefined) return;
      const { alert, episode } = render(next, fresh);
      const expired =
        next.state === 'resolved' && atMs - (next.resolvedAtMs ?? atMs) >= o.resolvedRetentionMs;
      if (next.state === 'inactive' || expired) deletes.push(key);
      else upserts.push({ key, machine: next, episode, alert });
      if (change) {
        // A new episode named by other windows is a different alert to receivers.
        const from =
          change.from === 'resolved' && prev?.alert.fingerprint !== alert.fingerprint
            ? 'inactive'
            : change.from;
        transitions.push({ id: `${alert.fingerprint}:${change.to}:${at}`, from, to: change.to, at, alert });
      }
    };

    for (const status of statuses) {
      const rules = o.ruleSets.get(status.id);
      if (rules === undefined) continue;
      for (const cond of conditionsFor(status, rules, { atMs, ...this.history() })) {
        const prev = previous.get(cond.key);
        if (cond.active === null) {
          // Unknown yet: keep the state, refresh what the alert says.
          if (prev) {
            previous.delete(cond.key);
            upserts.push({
              ...prev,
              alert: this.render(status, cond, prev.machine, prev.episode, prev.alert.labels).alert,
            });
          }
          continue;
        }
        advance(cond.key, cond.active, (machine, fresh) =>
          fresh || prev === undefined
            ? this.render(status, cond, machine, cond.episode)
            : this.render(status, cond, machine, prev.episode, prev.alert.labels),
        );
      }
    }
    // Alerts whose SLO or rule is gone: their condition no longer holds.
    for (const prev of [...previous.values()]) {
      advance(prev.key, false, (m) => ({ alert: restate(prev.alert, m), episode: prev.episode }));
    }

    const now = (o.clock ?? systemClock).now();
    // Silences are wall-clock time: they mark what is recorded now and what is not sent.
    for (const r of upserts) r.alert = withSilences(r.alert, silences, now);
    const holds = inhibitions(
      upserts.map((r) => r.alert),
      await this.graph(atMs),
    );
    for (const r of upserts) r.alert = withHold(r.alert, holds);
    for (const t of transitions) t.alert = withHold(withSilences(t.alert, silences, now), holds);
    const wasUnsent = new Set(records.filter((r) => r.alert.unsent === true).map((r) => r.key));
    const routes = o.routes ?? new Map();
    const enqueue: OutboxEntry[] = releasedTransitions(upserts, transitions, wasUnsent, at)
      .filter((t) => notifies(t.to))
      .flatMap((t) =>
        recipientsOf(t.alert, o.notifiers, routes).map((notifier) => ({
          notifier,
          transition: t,
          dueAtMs: now,
        })),
      );
    const committed = await o.alertStore.commit({ upserts, deletes, enqueue }, fence);
    timer?.();
    if (!committed) {
      o.logger?.warn({ at }, 'alert evaluation dropped: the evaluation lease was lost');
      return { at, committed, transitions: [], alerts: [] };
    }
    this.observe(transitions, upserts);
    return { at, committed, transitions, alerts: upserts.map((r) => r.alert) };
  }

  /** The graph for inhibition; none (nothing held) when there is no topology or it cannot be read. */
  private async graph(atMs: number): Promise<ServiceGraph | undefined> {
    try {
      return await this.o.topology?.(atMs);
    } catch (err) {
      this.o.logger?.warn({ err }, 'topology unreadable: no page is held this evaluation');
      return undefined;
    }
  }

  private history(): { historyStartMs?: number } {
    return this.o.historyStartMs === undefined ? {} : { historyStartMs: this.o.historyStartMs };
  }

  private render(
    status: SloStatus,
    cond: AlertCondition,
    machine: AlertMachine,
    episode: AlertEpisode,
    labels = alertLabels(status, cond.alertname, cond.severity, episode),
  ): Rendered {
    const generatorURL = `${this.o.apiBaseUrl()}/api/v1/slos/${encodeURIComponent(status.id)}`;
    const { alertname, severity } = cond;
    return {
      alert: renderAlert({ status, labels, alertname, severity, episode, machine, generatorURL }),
      episode,
    };
  }

  private observe(transitions: readonly AlertTransition[], records: readonly AlertRecord[]): void {
    const { metrics, logger } = this.o;
    for (const t of transitions) {
      const { alertname = '', severity = '' } = t.alert.labels;
      metrics?.alertTransitions.inc({ alertname, severity, from: t.from, to: t.to });
      logger?.info(
        {
          alertname,
          slo: t.alert.sloId,
          severity,
          from: t.from,
          to: t.to,
          fingerprint: t.alert.fingerprint,
          at: t.at,
        },
        'alert transition',
      );
    }
    if (metrics) {
      metrics.alerts.reset();
      for (const r of records) metrics.alerts.inc({ state: r.alert.state, severity: r.alert.severity });
    }
  }
}

/** The alert with the state fields of `m`, everything else as it was. */
function restate(alert: Alert, m: AlertMachine): Alert {
  const { firedAt: _f, resolvedAt: _r, ...rest } = alert;
  return {
    ...rest,
    state: m.state,
    since: new Date(m.sinceMs).toISOString(),
    ...(m.firedAtMs === undefined ? {} : { firedAt: new Date(m.firedAtMs).toISOString() }),
    ...(m.resolvedAtMs === undefined ? {} : { resolvedAt: new Date(m.resolvedAtMs).toISOString() }),
  };
}
