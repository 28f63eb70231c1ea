import { createHmac } from 'node:crypto';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { AlertTransition } from '../alert.js';
import type { Notifier } from '../notifier.js';
import {
  DEFAULT_BUDGET_MS,
  type DeliveryPolicy,
  deliver,
  type FetchFn,
  realSleep,
  type Sleep,
} from './http-delivery.js';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body, keyed with the shared secret>`. */
export const SIGNATURE_HEADER = 'x-faultline-signature';
/** Header carrying the transition id: the same on every retry, so receivers can drop repeats. */
export const DELIVERY_HEADER = 'x-faultline-delivery';

/** The JSON body of a generic webhook. `alert` repeats `transition.alert` for convenience. */
export interface WebhookPayload {
  version: '1';
  transition: AlertTransition;
  alert: AlertTransition['alert'];
}

export interface WebhookNotifierOptions {
  /** Config name; the notifier is `webhook:<name>`. */
  name: string;
  url: string;
  /** HMAC key: a secret, kept out of logs, errors and JSON. */
  secret: string;
  timeoutMs: number;
  /** Longest a notify call may take, retries included (default 25 s). */
  budgetMs?: number;
  metrics: EngineMetrics;
  fetch?: FetchFn;
  sleep?: Sleep;
}

const POLICY: DeliveryPolicy = {
  maxAttempts: 3,
  baseBackoffMs: 500,
  maxRateLimitWaits: 3,
  maxRetryAfterMs: 60_000,
};

/** `sha256=<hex>`: the signature of `body` under `secret`, as receivers should recompute it. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Generic signed webhook adapter: every transition it is given is POSTed as JSON with an HMAC-SHA256 signature of the exact
 * bytes sent and the transition id as idempotency key. 4xx answers other than 408 and 429
 * reject as permanent.
 */
export class WebhookNotifier implements Notifier {
  readonly name: string;
  readonly #url: string;
  readonly #secret: string;
  readonly #options: WebhookNotifierOptions;
  readonly #closing = new AbortController();

  constructor(options: WebhookNotifierOptions) {
    this.name = `webhook:${options.name}`;
    this.#url = options.url;
    this.#secret = options.secret;
    this.#options = options;
  }

  async notify(transition: AlertTransition): Promise<void> {
    const payload: WebhookPayload = { version: '1', transition, alert: transition.alert };
    const body = JSON.stringify(payload);
    const {
      fetch: fetchFn = fetch,
      sleep = realSleep,
      metrics,
      timeoutMs,
      budgetMs = DEFAULT_BUDGET_MS,
    } = this.#options;
    await deliver(
      {
        url: this.#url,
        body,
        timeoutMs,
        headers: { [SIGNATURE_HEADER]: signBody(body, this.#secret), [DELIVERY_HEADER]: transition.id },
      },
      POLICY,
      {
        notifier: this.name,
        deadlineMs: Date.now() + budgetMs,
        fetch: fetchFn,
        sleep,
        metrics,
        closing: this.#closing.signal,
      },
    );
  }

  async close(): Promise<void> {
    this.#closing.abort();
  }

  toJSON(): { name: string } {
    return { name: this.name };
  }
}
