import { randomUUID } from 'node:crypto';
import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';
import type { Logger } from '../../observability/logger.js';
import type { ChatMessageRef, IncidentMessages } from '../incidents/incident-messages.js';
import { MAX_REPLIED } from '../incidents/incident-messages.js';
import type { IncidentNotifier } from '../incidents/incident-notifier.js';
import { NotifierError, NotifierErrorCode } from './errors.js';
import { DEFAULT_BUDGET_MS } from './http-delivery.js';
import { buildIncidentMessage, incidentPageUrl, transitionReply } from './slack-incident-message.js';
import type { SlackWebApi } from './slack-web-api.js';

export interface SlackAppNotifierOptions {
  /** Config name; the notifier is `slack-app:<name>`. */
  name: string;
  /** Channel id (or name) the incident messages go to. */
  channel: string;
  api: SlackWebApi;
  /** Where each incident's message `ts` is kept: the shared incident store. */
  messages: IncidentMessages;
  /** The dashboard's base URL, for the incident page link. */
  dashboardUrl?: () => string | undefined;
  /** Longest a notify call may take, rate-limit waits included. */
  budgetMs?: number;
  logger: Logger;
  /** Messages remembered in this process (beyond them, the store answers). */
  cacheSize?: number;
}

interface Known {
  ref: ChatMessageRef;
  /** Whether the store has it: a save that failed (Redis away) is tried again on the next call. */
  saved: boolean;
}

/**
 * Slack app adapter for incidents: one living message per incident. The first event posts
 * it (`chat.postMessage`, with Acknowledge / Resolve / Silence 1h buttons); later ones edit
 * it in place (`chat.update`) and add a short threaded reply per transition. The message's
 * channel and `ts` are kept with the incident in the store, so any instance edits the same
 * message after a change of leader; first posts are reserved in the store, so two instances
 * never both post one. A message whose store write failed is remembered here and saved on
 * the next call, so a retry during a Redis outage edits it instead of posting it again.
 */
export class SlackAppIncidentNotifier implements IncidentNotifier {
  readonly name: string;
  readonly #o: SlackAppNotifierOptions;
  readonly #holder = randomUUID();
  readonly #known = new Map<string, Known>();

  constructor(options: SlackAppNotifierOptions) {
    this.name = `slack-app:${options.name}`;
    this.#o = options;
  }

  async notify(event: IncidentEvent): Promise<void> {
    const o = this.#o;
    await this.#flush();
    const id = event.incident.id;
    const budgetMs = o.budgetMs ?? DEFAULT_BUDGET_MS;
    const deadlineMs = Date.now() + budgetMs;
    const link = incidentPageUrl(o.dashboardUrl?.(), id);
    const message = buildIncidentMessage(event, { buttons: true, ...(link === undefined ? {} : { link }) });
    const content = { text: message.text, blocks: message.blocks };
    let ref = await this.#find(id, deadlineMs + budgetMs);
    if (ref === undefined) {
      await this.#post(id, content, deadlineMs, event);
      return;
    }
    // An older snapshot (a retried event) does not overwrite a newer one; its reply still goes.
    if (ref.shownAt === undefined || Date.parse(event.incident.updatedAt) >= Date.parse(ref.shownAt)) {
      try {
        await o.api.call('chat.update', ref.channel, { ts: ref.ts, ...content }, deadlineMs, o.channel);
        ref = { ...ref, shownAt: event.incident.updatedAt };
      } catch (err) {
        if (!(err instanceof NotifierError && err.details.reason === 'message_not_found')) throw err;
        // Somebody deleted the message: the incident gets a new one.
        o.logger.warn(
          { notifier: this.name, incident: id },
          'incident message gone from Slack; posting it again',
        );
        await this.#post(id, content, deadlineMs, event);
        return;
      }
    }
    const reply = transitionReply(event);
    if (reply !== undefined && !ref.replied.includes(event.id)) {
      await o.api.call(
        'chat.postMessage',
        ref.channel,
        { thread_ts: ref.ts, text: reply },
        deadlineMs,
        o.channel,
      );
      ref = { ...ref, replied: [...ref.replied, event.id].slice(-MAX_REPLIED) };
    }
    await this.#remember(id, ref);
  }

  async close(): Promise<void> {
    this.#o.api.close();
    await this.#flush();
  }

  toJSON(): { name: string } {
    return { name: this.name };
  }

  /**
   * The incident's message: the store's (other instances may have edited it since), or the
   * one this process posted but could not store yet, or this process's copy while the store
   * is unreachable; undefined when this call may post it (reserved until `untilMs`).
   */
  async #find(id: string, untilMs: number): Promise<ChatMessageRef | undefined> {
    const known = this.#known.get(id);
    if (known !== undefined && !known.saved) return known.ref;
    let claim: Awaited<ReturnType<IncidentMessages['claimMessage']>>;
    try {
      claim = await this.#o.messages.claimMessage({
        notifier: this.name,
        incidentId: id,
        holder: this.#holder,
        nowMs: Date.now(),
        untilMs,
      });
    } catch (err) {
      if (known !== undefined) return known.ref;
      throw err;
    }
    if ('busy' in claim) {
      throw new NotifierError(
        NotifierErrorCode.Unavailable,
        `${this.name}: incident ${id} is being posted elsewhere`,
        {
          notifier: this.name,
          permanent: false,
          reason: 'busy',
        },
      );
    }
    return 'ref' in claim ? claim.ref : undefined;
  }

  async #post(
    id: string,
    content: Record<string, unknown>,
    deadlineMs: number,
    event: IncidentEvent,
  ): Promise<void> {
    const posted = await this.#o.api.call('chat.postMessage', this.#o.channel, content, deadlineMs);
    await this.#remember(id, { ...posted, replied: [], shownAt: event.incident.updatedAt });
  }

  async #remember(id: string, ref: ChatMessageRef): Promise<void> {
    this.#known.delete(id);
    this.#known.set(id, { ref, saved: false });
    const max = this.#o.cacheSize ?? 1000;
    for (const [key, k] of this.#known) {
      if (this.#known.size <= max) break;
      if (k.saved) this.#known.delete(key);
      else break;
    }
    await this.#save(id);
  }

  async #save(id: string): Promise<void> {
    const known = this.#known.get(id);
    if (known === undefined || known.saved) return;
    try {
      await this.#o.messages.saveMessage(this.name, id, known.ref);
      known.saved = true;
    } catch (err) {
      // The message is out; only its address is not shared yet. Kept here, saved later.
      this.#o.logger.warn(
        { notifier: this.name, incident: id, code: (err as { code?: string }).code },
        'incident message posted but its ts not stored yet; will store it on the next delivery',
      );
    }
  }

  /** Saves messages whose store write failed earlier. */
  async #flush(): Promise<void> {
    for (const [id, k] of [...this.#known]) if (!k.saved) await this.#save(id);
  }
}
