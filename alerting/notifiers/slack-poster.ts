import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
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

/** How a notifier reaches one Slack incoming webhook (alert and incident notifiers alike). */
export interface SlackWebhookOptions {
  /** The incoming webhook URL: a secret, kept out of logs, errors and JSON. */
  webhookUrl: string;
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
 * Posts one notifier's messages to a Slack incoming webhook: through the webhook's queue (one
 * at a time, in order), with `SLACK_POLICY` (429s waited out, 4xx permanent), within the
 * notify budget. Permanent refusals are logged; every failure rejects for the dispatcher.
 */
export class SlackPoster {
  readonly #notifier: string;
  readonly #url: string;
  readonly #options: SlackWebhookOptions;
  readonly #closing = new AbortController();
  readonly #pending = new Set<Promise<unknown>>();

  /** @param notifier the notifier's name: metric label, error and log detail. */
  constructor(notifier: string, options: SlackWebhookOptions) {
    this.#notifier = notifier;
    this.#url = options.webhookUrl;
    this.#options = options;
  }

  /**
   * Posts `body` (Block Kit JSON). `about` names what it was for in the log line written, as
   * `refused`, when Slack refuses the message itself.
   */
  async post(body: string, about: Record<string, string>, refused: string): Promise<void> {
    const { queue, fetch: fetchFn = fetch, sleep = realSleep, metrics, timeoutMs } = this.#options;
    const deadlineMs = Date.now() + (this.#options.budgetMs ?? DEFAULT_BUDGET_MS);
    const sent = queue.run(
      () =>
        deliver({ url: this.#url, body, timeoutMs }, SLACK_POLICY, {
          notifier: this.#notifier,
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
          { notifier: this.#notifier, status: err.details.status, reason: err.details.reason, ...about },
          refused,
        );
      }
      throw err;
    } finally {
      this.#pending.delete(sent);
    }
  }

  /**
   * Stops waiting: queued messages reject with FL_NOTIFIER_CLOSED (the outbox keeps them for
   * later); a request already under way finishes first.
   */
  async close(): Promise<void> {
    this.#closing.abort(
      new NotifierError(
        NotifierErrorCode.Closed,
        `${this.#notifier}: closed before the notification went out`,
        {
          notifier: this.#notifier,
          permanent: false,
        },
      ),
    );
    await Promise.allSettled([...this.#pending]);
  }
}
