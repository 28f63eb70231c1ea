import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';
import type { IncidentNotifier } from '../../correlate/incidents/incident-notifier.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import { NotifierError, NotifierErrorCode } from './errors.js';
import { DEFAULT_BUDGET_MS, deliver, type FetchFn, realSleep, type Sleep } from './http-delivery.js';
import type { SerialQueue } from './serial-queue.js';
import { buildIncidentMessage } from './slack-incident-message.js';
import { SLACK_POLICY } from './slack-notifier.js';

export interface SlackIncidentNotifierOptions {
  /** Config name; the notifier is `slack:<name>`. */
  name: string;
  /** The incoming webhook URL: a secret, kept out of logs, errors and JSON. */
  webhookUrl: string;
  channel?: string;
  timeoutMs: number;
  /** Longest a notify call may take, queue and rate-limit waits included (default 25 s). */
  budgetMs?: number;
  queue: SerialQueue;
  /** The API's base URL, for a link to `/api/v1/incidents/<id>`. */
  apiBaseUrl?: () => string;
  logger: Logger;
  metrics: EngineMetrics;
  fetch?: FetchFn;
  sleep?: Sleep;
}

/**
 * Slack incoming-webhook adapter for incidents: one Block Kit message per incident event
 * (opened, top candidate changed, resolved), with the same delivery rules as alert messages
 * (one at a time per webhook, 429s waited out, 4xx permanent; see `SlackNotifier`).
 */
export class SlackIncidentNotifier implements IncidentNotifier {
  readonly name: string;
  readonly #url: string;
  readonly #options: SlackIncidentNotifierOptions;
  readonly #closing = new AbortController();
  readonly #pending = new Set<Promise<unknown>>();

  constructor(options: SlackIncidentNotifierOptions) {
    this.name = `slack:${options.name}`;
    this.#url = options.webhookUrl;
    this.#options = options;
  }

  async notify(event: IncidentEvent): Promise<void> {
    const { queue, fetch: fetchFn = fetch, sleep = realSleep, metrics, timeoutMs, channel } = this.#options;
    const deadlineMs = Date.now() + (this.#options.budgetMs ?? DEFAULT_BUDGET_MS);
    const base = this.#options.apiBaseUrl?.().replace(/\/+$/, '');
    const link =
      base === undefined ? undefined : `${base}/api/v1/incidents/${encodeURIComponent(event.incident.id)}`;
    const body = JSON.stringify(
      buildIncidentMessage(event, {
        ...(channel === undefined ? {} : { channel }),
        ...(link === undefined ? {} : { link }),
      }),
    );
    const sent = queue.run(
      () =>
        deliver({ url: this.#url, body, timeoutMs }, SLACK_POLICY, {
          notifier: this.name,
          deadlineMs,
          gate: queue.gate,
          fetch: fetchFn,
          sleep,
          metrics,
          closing: this.#closing.signal,
        }),
      this.#closing.signal,
    );
    this.#pending.add(sent);
    try {
      await sent;
    } catch (err) {
      if (err instanceof NotifierError && err.permanent) {
        this.#options.logger.warn(
          { notifier: this.name, status: err.details.status, reason: err.details.reason, event: event.id },
          'slack refused an incident message',
        );
      }
      throw err;
    } finally {
      this.#pending.delete(sent);
    }
  }

  async close(): Promise<void> {
    this.#closing.abort(
      new NotifierError(NotifierErrorCode.Closed, `${this.name}: closed before the notification went out`, {
        notifier: this.name,
        permanent: false,
      }),
    );
    await Promise.allSettled([...this.#pending]);
  }

  toJSON(): { name: string } {
    return { name: this.name };
  }
}
