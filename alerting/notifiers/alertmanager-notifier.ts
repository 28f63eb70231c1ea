import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { Alert, AlertTransition } from '../alert.js';
import { alertmanagerLabels } from '../alertmanager-labels.js';
import type { Notifier } from '../notifier.js';
import { NotifierError, NotifierErrorCode } from './errors.js';
import {
  DEFAULT_BUDGET_MS,
  type DeliveryPolicy,
  deliver,
  type FetchFn,
  realSleep,
  type Sleep,
} from './http-delivery.js';

/** One alert as Alertmanager's `POST /api/v2/alerts` takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

export interface AlertmanagerNotifierOptions {
  /** Base URLs of the Alertmanagers (e.g. `http://alertmanager:9093`); each gets every alert. */
  urls: readonly string[];
  /** How often the scheduler calls `resend`; a firing alert stays valid for 4 of these. */
  resendIntervalMs: number;
  timeoutMs: number;
  /** Longest a notify or resend call may take, retries included (default 25 s). */
  budgetMs?: number;
  clock: Clock;
  logger: Logger;
  metrics: EngineMetrics;
  fetch?: FetchFn;
  sleep?: Sleep;
}

/** Resolved alerts are re-sent this long after resolving, as Prometheus does. */
export const RESOLVED_RESEND_MS = 15 * 60_000;
/** A firing alert's endsAt lies this many resend intervals ahead, as Prometheus does. */
export const VALIDITY_INTERVALS = 4;
const BATCH = 256;

const POLICY: DeliveryPolicy = {
  maxAttempts: 3,
  baseBackoffMs: 250,
  maxRateLimitWaits: 2,
  maxRetryAfterMs: 5000,
};

/**
 * Alertmanager API v2 adapter. Alerts go to every configured Alertmanager (an HA pair
 * deduplicates them); a call succeeds when at least one accepted, as Prometheus counts it.
 * Firing alerts carry `endsAt = now + 4 × resendInterval`, so an Alertmanager that stops
 * hearing from faultline resolves them by itself; resolved ones carry their resolve time.
 */
export class AlertmanagerNotifier implements Notifier {
  readonly name = 'alertmanager';
  readonly #endpoints: readonly string[];
  readonly #options: AlertmanagerNotifierOptions;
  readonly #closing = new AbortController();

  constructor(options: AlertmanagerNotifierOptions) {
    if (options.urls.length === 0) throw new Error('AlertmanagerNotifier needs at least one URL');
    this.#options = options;
    this.#endpoints = options.urls.map((u) => `${u.replace(/\/+$/, '')}/api/v2/alerts`);
  }

  async notify(transition: AlertTransition): Promise<void> {
    // Alertmanager knows firing and resolved alerts only; pending is faultline's business.
    if (transition.to !== 'firing' && transition.to !== 'resolved') return;
    const alert =
      transition.to === 'resolved' && transition.alert.resolvedAt === undefined
        ? { ...transition.alert, resolvedAt: transition.at }
        : transition.alert;
    const postable = toPostableAlert(alert, this.#options.clock.now(), this.#options.resendIntervalMs);
    if (postable) await this.#post([postable]);
  }

  async resend(alerts: readonly Alert[], nowMs: number): Promise<void> {
    const postable = alerts
      .map((a) => toPostableAlert(a, nowMs, this.#options.resendIntervalMs))
      .filter((a): a is PostableAlert => a !== undefined);
    for (let i = 0; i < postable.length; i += BATCH) await this.#post(postable.slice(i, i + BATCH));
  }

  async close(): Promise<void> {
    this.#closing.abort();
  }

  toJSON(): { name: string; targets: number } {
    return { name: this.name, targets: this.#endpoints.length };
  }

  async #post(alerts: PostableAlert[]): Promise<void> {
    const {
      fetch: fetchFn = fetch,
      sleep,
      metrics,
      timeoutMs,
      logger,
      budgetMs = DEFAULT_BUDGET_MS,
    } = this.#options;
    const body = JSON.stringify(alerts);
    const deadlineMs = Date.now() + budgetMs;
    const results = await Promise.allSettled(
      this.#endpoints.map((url) =>
        deliver({ url, body, timeoutMs }, POLICY, {
          notifier: this.name,
          deadlineMs,
          fetch: fetchFn,
          sleep: sleep ?? realSleep,
          metrics,
          closing: this.#closing.signal,
        }),
      ),
    );
    const failed = results.flatMap((r, i) =>
      r.status === 'rejected' ? [{ target: i, error: r.reason }] : [],
    );
    if (failed.length === 0) return;
    for (const f of failed) {
      logger.warn(
        { notifier: this.name, target: hostOf(this.#endpoints[f.target]!), code: codeOf(f.error) },
        'alertmanager did not accept alerts',
      );
    }
    if (failed.length < results.length) return;
    const first = failed[0]!.error;
    if (first instanceof NotifierError) throw first;
    throw new NotifierError(NotifierErrorCode.Unavailable, `${this.name}: not delivered`, {
      notifier: this.name,
      permanent: false,
    });
  }
}

/**
 * The alert as Alertmanager should see it at `nowMs`, or undefined when it should not be
 * sent: pending and inactive alerts, and resolved ones older than 15 minutes.
 */
export function toPostableAlert(
  alert: Alert,
  nowMs: number,
  resendIntervalMs: number,
): PostableAlert | undefined {
  const startsMs = Date.parse(alert.firedAt ?? alert.since);
  let endsMs: number;
  if (alert.state === 'firing') {
    endsMs = nowMs + VALIDITY_INTERVALS * resendIntervalMs;
  } else if (alert.state === 'resolved' && alert.resolvedAt !== undefined) {
    endsMs = Date.parse(alert.resolvedAt);
    if (nowMs - endsMs > RESOLVED_RESEND_MS) return undefined;
  } else {
    return undefined;
  }
  if (Number.isNaN(startsMs) || Number.isNaN(endsMs)) return undefined;
  const postable: PostableAlert = {
    labels: alertmanagerLabels(alert.labels),
    annotations: alertmanagerLabels(alert.annotations),
    startsAt: new Date(startsMs).toISOString(),
    // Alertmanager refuses an alert that ends before it starts.
    endsAt: new Date(Math.max(endsMs, startsMs)).toISOString(),
  };
  if (alert.generatorURL !== '') postable.generatorURL = alert.generatorURL;
  return postable;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid url)';
  }
}

function codeOf(err: unknown): string {
  return err instanceof NotifierError
    ? `${err.code}${err.details.status ? ` ${err.details.status}` : ''}`
    : 'error';
}
