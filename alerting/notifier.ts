import type { Alert, AlertTransition } from './alert.js';

/**
 * Where alerts go (port). Adapters: Alertmanager API v2, Slack incoming webhooks, a generic
 * signed webhook, and an in-memory one for tests. Notifiers never block evaluation: the
 * dispatcher calls them from its own queue, retries with backoff and counts failures.
 */
export interface Notifier {
  /** Stable name, used in metrics, outbox keys and logs (e.g. `alertmanager`, `slack:oncall`). */
  readonly name: string;
  /**
   * True when the people behind this notifier hear about incidents from faultline too (Slack):
   * with incidents on, they get one message per incident instead of one per alert, and the
   * notifier is left out of alert routing.
   */
  readonly incidentsInstead?: boolean;
  /**
   * Delivers one transition. Resolves when the receiver accepted it; rejects when it did not
   * (the dispatcher retries). Called at most once per successful transition id.
   */
  notify(transition: AlertTransition): Promise<void>;
  /**
   * For receivers that expect alerts to be re-sent while active (Alertmanager): the current
   * firing alerts and those resolved recently, called on a schedule.
   */
  resend?(alerts: readonly Alert[], nowMs: number): Promise<void>;
  close(): Promise<void>;
}
