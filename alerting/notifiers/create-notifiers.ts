import type { Config } from '../../config/schema.js';
import { type Clock, systemClock } from '../../core/clock.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import type { Notifier } from '../notifier.js';
import { AlertmanagerNotifier } from './alertmanager-notifier.js';
import type { FetchFn, Sleep } from './http-delivery.js';
import { SerialQueue } from './serial-queue.js';
import { SlackNotifier } from './slack-notifier.js';
import { WebhookNotifier } from './webhook-notifier.js';

/** What the notifiers take from outside; tests swap `fetch`, `clock` and `sleep`. */
export interface NotifierDeps {
  logger: Logger;
  metrics: EngineMetrics;
  fetch?: FetchFn;
  /** Wall-clock time for Alertmanager's endsAt on `notify`; `resend` gets its own `nowMs`. */
  clock?: Clock;
  sleep?: Sleep;
}

/**
 * The notifiers `alerting.notifiers` configures, in order: `alertmanager` (when it has URLs),
 * then `slack:<name>` and `webhook:<name>` per entry. Slack notifiers that share a webhook
 * URL share one send queue. Each call settles within 80 % of the dispatcher's notify timeout
 * (half of `alerting.dispatch.claimTimeoutMs`), retries included, so nothing is sent after
 * the dispatcher has given the call up. The dispatcher counts failures
 * (`faultline_notifier_failures_total`); notifiers count their HTTP requests
 * (`faultline_notifier_requests_total`). Secrets (Slack URLs, webhook secrets) stay inside
 * the notifiers: their names and `toJSON()` never show them.
 */
export function createNotifiers(config: Config, deps: NotifierDeps): Notifier[] {
  const { logger, metrics, fetch, sleep } = deps;
  const clock = deps.clock ?? systemClock;
  const settings = config.alerting.notifiers;
  const budgetMs = Math.floor((config.alerting.dispatch.claimTimeoutMs / 2) * 0.8);
  const common = { budgetMs, metrics, ...(fetch ? { fetch } : {}), ...(sleep ? { sleep } : {}) };
  const notifiers: Notifier[] = [];

  if (settings.alertmanager.urls.length > 0) {
    notifiers.push(new AlertmanagerNotifier({ ...settings.alertmanager, ...common, clock, logger }));
  }
  const queues = new Map<string, SerialQueue>();
  for (const s of settings.slack) {
    let queue = queues.get(s.webhookUrl);
    if (!queue) {
      queue = new SerialQueue();
      queues.set(s.webhookUrl, queue);
    }
    notifiers.push(new SlackNotifier({ ...s, ...common, queue, logger }));
  }
  for (const w of settings.webhook) {
    notifiers.push(new WebhookNotifier({ ...w, ...common }));
  }
  return notifiers;
}
