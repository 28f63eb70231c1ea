import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';
import type { IncidentNotifier } from '../incidents/incident-notifier.js';
import { buildIncidentMessage, incidentPageUrl } from './slack-incident-message.js';
import { SlackPoster, type SlackWebhookOptions } from './slack-poster.js';

export interface SlackIncidentNotifierOptions extends SlackWebhookOptions {
  /** Config name; the notifier is `slack:<name>`. */
  name: string;
  channel?: string;
  /** The dashboard's base URL, for a link to the incident's page. */
  apiBaseUrl?: () => string;
}

/**
 * Slack incoming-webhook adapter for incidents: one Block Kit message per incident event
 * (opened, top candidate changed, resolved), with the same delivery rules as alert messages
 * (one at a time per webhook, 429s waited out, 4xx permanent; see `SlackPoster`).
 */
export class SlackIncidentNotifier implements IncidentNotifier {
  readonly name: string;
  readonly #options: SlackIncidentNotifierOptions;
  readonly #poster: SlackPoster;

  constructor(options: SlackIncidentNotifierOptions) {
    this.name = `slack:${options.name}`;
    this.#options = options;
    this.#poster = new SlackPoster(this.name, options);
  }

  async notify(event: IncidentEvent): Promise<void> {
    const { channel } = this.#options;
    const link = incidentPageUrl(this.#options.apiBaseUrl?.(), event.incident.id);
    const body = JSON.stringify(
      buildIncidentMessage(event, {
        ...(channel === undefined ? {} : { channel }),
        ...(link === undefined ? {} : { link }),
      }),
    );
    await this.#poster.post(body, { event: event.id }, 'slack refused an incident message');
  }

  close(): Promise<void> {
    return this.#poster.close();
  }

  toJSON(): { name: string } {
    return { name: this.name };
  }
}
