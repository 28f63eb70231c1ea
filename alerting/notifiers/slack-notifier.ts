import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { AlertTransition } from '../alert.js';
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
import type { SerialQueue } from './serial-queue.js';
import { buildSlackMessage } from './slack-message.js';

export interface SlackNotifierOptions {
  /** Config name; the notifier is `slack:<name>`. */
  name: string;
  /** The incoming webhook URL: a secret, kept out of logs, errors and JSON. */
  webhookUrl: string;
  channel?: string;
  timeoutMs: number;
  /**
   * Longest a notify call may take, time in the queue and rate-limit waits included
   * (default 25 s). A message that cannot go out within it is not sent; the dispatcher
   * retries it later.
   */
  budgetMs?: number;
  /** The queue of this webhook URL, shared by every notifier posting to it. */
  queue: SerialQueue;
  logger: Logger;
  metrics: EngineMetrics;
  fetch?: FetchFn;
  sleep?: Sleep;
}

/**
 * Incoming webhooks answer 429 with `Retry-After` (seconds) when posted to faster than about
 * one message a second; a message waits that long and is tried again, holding back the ones
 * queued behind it so the channel still reads in order.
 */
export const SLACK_POLICY: DeliveryPolicy = {
  maxAttempts: 3,
  baseBackoffMs: 500,
  maxRateLimitWaits: 10,
  maxRetryAfterMs: 5 * 60_000,
};

/**
 * Slack incoming-webhook adapter: one Block Kit message per firing or resolved transition
 * (pending and inactive ones are not worth a human's attention). Messages to one webhook go
 * out one at a time, in order. Slack's 400s (`invalid_blocks`, `invalid_payload`, ...) and
 * other 4xx reject as permanent.
 */
export class SlackNotifier implements Notifier {
  readonly name: string;
  readonly #url: string;
  readonly #options: SlackNotifierOptions;
  readonly #closing = new AbortController();
  readonly #pending = new Set<Promise<unknown>>();

  constructor(options: SlackNotifierOptions) {
    this.name = `slack:${options.name}`;
    this.#url = options.webhookUrl;
    this.#options = options;
  }

  async notify(transition: AlertTransition): Promise<void> {
    if (transition.to !== 'firing' && transition.to !== 'resolved') return;
    const { queue, fetch: fetchFn = fetch, sleep = realSleep, metrics, timeoutMs, channel } = this.#options;
    const deadlineMs = Date.now() + (this.#options.budgetMs ?? DEFAULT_BUDGET_MS);
    const body = JSON.stringify(buildSlackMessage(transition, channel));
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
        // Slack refused the message itself (e.g. invalid_blocks): a bug here, not a Slack outage.
        this.#options.logger.warn(
          {
            notifier: this.name,
            status: err.details.status,
            reason: err.details.reason,
            alert: transition.id,
          },
          'slack refused a message',
        );
      }
      throw err;
    } finally {
      this.#pending.delete(sent);
    }
  }

  /**
   * Stops waiting: queued messages of this notifier reject with FL_NOTIFIER_CLOSED (the
   * outbox keeps them for later); a request already under way finishes first.
   */
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
