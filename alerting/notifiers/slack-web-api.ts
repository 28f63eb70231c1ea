import type { EngineMetrics } from '../../observability/metrics.js';
import { NotifierError, NotifierErrorCode } from './errors.js';
import { deliver, type FetchFn, realSleep, type Sleep } from './http-delivery.js';
import { SerialQueue } from './serial-queue.js';
import { SLACK_POLICY } from './slack-poster.js';

/** The Slack Web API methods faultline calls. */
export type SlackMethod = 'chat.postMessage' | 'chat.update';

export interface SlackWebApiOptions {
  /** Notifier name: metric label and error detail. */
  notifier: string;
  /** The bot token (`xoxb-…`): a secret, sent only in the Authorization header, never logged. */
  botToken: string;
  /** The Web API's base URL (Slack's own by default; tests point it at a local server). */
  apiUrl: string;
  timeoutMs: number;
  /**
   * Least time between two calls to one channel. Slack allows about one message a second
   * per channel (short bursts tolerated), so calls are spaced rather than sent to be refused.
   */
  paceMs: number;
  metrics: EngineMetrics;
  fetch?: FetchFn;
  sleep?: Sleep;
  /** Queues per channel, shared by every notifier posting to the same channel. */
  channels?: Map<string, SerialQueue>;
}

/** What a successful `chat.*` call answers: the message's channel id and timestamp. */
export interface SlackReply {
  channel: string;
  ts: string;
}

/** Slack `error` codes that say "try again later", not "this request is wrong". */
const TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/**
 * Calls Slack's Web API (`chat.postMessage`, `chat.update`) with a bot token. Per channel
 * one call at a time, in order, `paceMs` apart; an HTTP 429 is waited out as its
 * `Retry-After` asks and holds the channel's queue (nothing is dropped: the call is made
 * again after the wait); timeouts and 5xx are retried with backoff. Slack answers HTTP 200
 * with `{"ok": false, "error": "…"}` for refusals: transient codes reject as retryable,
 * others (`channel_not_found`, `invalid_auth`, `message_not_found`, …) as permanent,
 * with the code as `reason`. Errors never carry the token.
 */
export class SlackWebApi {
  readonly #o: SlackWebApiOptions;
  readonly #channels: Map<string, SerialQueue>;
  readonly #closing = new AbortController();

  constructor(options: SlackWebApiOptions) {
    this.#o = options;
    this.#channels = options.channels ?? new Map();
  }

  /**
   * One call to `channel`. `lane` names the channel's queue: the configured channel, so a
   * post (to a name or id) and the updates (to the id Slack answered) share one pace.
   */
  async call(
    method: SlackMethod,
    channel: string,
    payload: Record<string, unknown>,
    deadlineMs: number,
    lane = channel,
  ): Promise<SlackReply> {
    const o = this.#o;
    let queue = this.#channels.get(lane);
    if (queue === undefined) {
      queue = new SerialQueue();
      this.#channels.set(lane, queue);
    }
    const gate = queue.gate;
    const text = await queue.run(async () => {
      try {
        return await deliver(
          {
            url: `${o.apiUrl.replace(/\/+$/, '')}/${method}`,
            body: JSON.stringify({ channel, ...payload }),
            headers: {
              authorization: `Bearer ${o.botToken}`,
              'content-type': 'application/json; charset=utf-8',
            },
            timeoutMs: o.timeoutMs,
            responseLimit: 1 << 20,
          },
          SLACK_POLICY,
          {
            notifier: o.notifier,
            deadlineMs,
            gate,
            fetch: o.fetch ?? fetch,
            sleep: o.sleep ?? realSleep,
            metrics: o.metrics,
            closing: this.#closing.signal,
          },
        );
      } finally {
        gate.notBeforeMs = Math.max(gate.notBeforeMs, Date.now() + o.paceMs);
      }
    }, this.#closing.signal);
    return this.#read(method, text);
  }

  /** Stops waiting: queued calls reject with FL_NOTIFIER_CLOSED; one under way finishes. */
  close(): void {
    this.#closing.abort(
      new NotifierError(NotifierErrorCode.Closed, `${this.#o.notifier}: closed`, {
        notifier: this.#o.notifier,
        permanent: false,
      }),
    );
  }

  #read(method: SlackMethod, text: string): SlackReply {
    const notifier = this.#o.notifier;
    let body: { ok?: unknown; error?: unknown; channel?: unknown; ts?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new NotifierError(NotifierErrorCode.Unavailable, `${notifier}: ${method} answered no JSON`, {
        notifier,
        permanent: false,
        reason: 'bad_response',
      });
    }
    if (body.ok === true && typeof body.channel === 'string' && typeof body.ts === 'string')
      return { channel: body.channel, ts: body.ts };
    const error =
      typeof body.error === 'string' ? body.error.replace(/[^a-z0-9_]/gi, '').slice(0, 64) : 'bad_response';
    this.#o.metrics.notifierRequests.inc({ notifier, outcome: 'api_error' });
    const permanent = !TRANSIENT.has(error) && error !== 'bad_response';
    throw new NotifierError(
      permanent ? NotifierErrorCode.Rejected : NotifierErrorCode.Unavailable,
      `${notifier}: ${method} refused (${error})`,
      { notifier, permanent, reason: error },
    );
  }
}
