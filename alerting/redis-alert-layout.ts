/**
 * Redis keys of alerting. All share the hash tag `{alerting}`, so they live in one Redis
 * Cluster slot and one Lua script can fence on the lease and write state and outbox together.
 *
 * | key                                  | holds                                             | type   |
 * | ------------------------------------ | ------------------------------------------------- | ------ |
 * | `<p>alerting:{alerting}:lease`       | the evaluation lease holder's token, with PX TTL  | string |
 * | `<p>alerting:{alerting}:state`       | alert key -> AlertRecord JSON                     | hash   |
 * | `<p>alerting:{alerting}:outbox`      | `<notifier>\n<transition id>` -> transition JSON  | hash   |
 * | `<p>alerting:{alerting}:attempts`    | same field -> delivery attempts so far            | hash   |
 * | `<p>alerting:{alerting}:delivered`   | same field, scored by delivery time (ms)          | zset   |
 * | `<p>alerting:{alerting}:due:<notifier>` | transition id, scored by due time or claim expiry | zset |
 */
export class AlertingKeys {
  readonly lease: string;
  readonly state: string;
  readonly outbox: string;
  readonly attempts: string;
  readonly delivered: string;
  private readonly base: string;

  constructor(prefix: string) {
    this.base = `${prefix}alerting:{alerting}:`;
    this.lease = `${this.base}lease`;
    this.state = `${this.base}state`;
    this.outbox = `${this.base}outbox`;
    this.attempts = `${this.base}attempts`;
    this.delivered = `${this.base}delivered`;
  }

  due(notifier: string): string {
    return `${this.base}due:${notifier}`;
  }
}

/** The outbox field of one (notifier, transition): notifier names never hold a newline. */
export const outboxField = (notifier: string, transitionId: string): string => `${notifier}\n${transitionId}`;
