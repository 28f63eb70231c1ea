import type { AlertTransition } from '../alert.js';
import type { Notifier } from '../notifier.js';
import { buildSlackMessage } from './slack-message.js';
import { SlackPoster, type SlackWebhookOptions } from './slack-poster.js';

export interface SlackNotifierOptions extends SlackWebhookOptions {
  /** Config name; the notifier is `slack:<name>`. */
  name: string;
  channel?: string;
}

/**
 * Slack incoming-webhook adapter: one Block Kit message per firing or resolved transition
 * (pending and inactive ones are not worth a human's attention). Messages to one webhook go
 * out one at a time, in order. Slack's 400s (`invalid_blocks`, `invalid_payload`, ...) and
 * other 4xx reject as permanent.
 */
export class SlackNotifier implements Notifier {
  readonly name: string;
  /** Slack hears about incidents (slack-incident-notifier.ts) instead of every alert when incidents are on. */
  readonly incidentsInstead = true;
  readonly #options: SlackNotifierOptions;
  readonly #poster: SlackPoster;

  constructor(options: SlackNotifierOptions) {
    this.name = `slack:${options.name}`;
    this.#options = options;
    this.#poster = new SlackPoster(this.name, options);
  }

  async notify(transition: AlertTransition): Promise<void> {
    if (transition.to !== 'firing' && transition.to !== 'resolved') return;
    const body = JSON.stringify(buildSlackMessage(transition, this.#options.channel));
    await this.#poster.post(body, { alert: transition.id }, 'slack refused a message');
  }

  /**
   * Stops waiting: queued messages of this notifier reject with FL_NOTIFIER_CLOSED (the
   * outbox keeps them for later); a request already under way finishes first.
   */
  close(): Promise<void> {
    return this.#poster.close();
  }

  toJSON(): { name: string } {
    return { name: this.name };
  }
}
