import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as the fake Slack holds it. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  /** Replies in its thread. */
  replies: string[];
  /** How often chat.update replaced it. */
  updates: number;
}

/** One call the server received. */
export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** 200, or 429 when it was rate-limited. */
  status: number;
}

/**
 * A local HTTP server speaking the Slack Web API contract as Slack documents it, for
 * `chat.postMessage` and `chat.update`: a bearer token is required (`invalid_auth`
 * otherwise); HTTP 200 with `{"ok": true, "channel", "ts", ...}` or `{"ok": false,
 * "error": "…"}` (`channel_not_found`, `message_not_found`, `invalid_arguments`); channels
 * are addressed by id (or by `#name` for posts, answered with the id); `ts` is
 * `<seconds>.<6 digits>`, unique per channel; a reply names its parent with `thread_ts`.
 * `rateLimitNext(n, seconds)` answers the next n calls HTTP 429 with `Retry-After`.
 * `before` runs before a call is answered (tests stop Redis there).
 */
export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  readonly messages: FakeSlackMessage[] = [];
  before: ((call: SlackCall) => Promise<void>) | undefined;
  #limited = 0;
  #retryAfter = 1;
  #seq = 0;
  readonly #server = createServer((req, res) => void this.#handle(req, res));

  /** @param channels name -> id of the channels the bot is a member of. */
  constructor(
    readonly token: string,
    readonly channels: Record<string, string>,
  ) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  rateLimitNext(n: number, retryAfterSeconds: number): void {
    this.#limited = n;
    this.#retryAfter = retryAfterSeconds;
  }

  /** Top-level messages (not thread replies). */
  get posts(): FakeSlackMessage[] {
    return this.messages;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const method = (req.url ?? '').replace(/^\/api\//, '');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      body = {};
    }
    const call: SlackCall = { method, body, authorization: req.headers.authorization, status: 200 };
    this.calls.push(call);
    await this.before?.(call);
    if (this.#limited > 0) {
      this.#limited -= 1;
      call.status = 429;
      res.writeHead(429, { 'retry-after': String(this.#retryAfter), 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(this.#answer(method, call)));
  }

  #answer(method: string, call: SlackCall): Record<string, unknown> {
    if (call.authorization !== `Bearer ${this.token}`) return { ok: false, error: 'invalid_auth' };
    const { body } = call;
    const channelArg = typeof body.channel === 'string' ? body.channel : '';
    const channel = Object.values(this.channels).includes(channelArg)
      ? channelArg
      : this.channels[channelArg.replace(/^#/, '')];
    if (channel === undefined) return { ok: false, error: 'channel_not_found' };
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? body.blocks : [];
    if (text === '' && blocks.length === 0) return { ok: false, error: 'no_text' };
    if (method === 'chat.postMessage') {
      const ts = `${1_700_000_000 + this.#seq}.${String(++this.#seq).padStart(6, '0')}`;
      if (typeof body.thread_ts === 'string') {
        const parent = this.messages.find((m) => m.channel === channel && m.ts === body.thread_ts);
        // Stand-in strictness: a reply to no message is refused, so a test notices.
        if (parent === undefined) return { ok: false, error: 'thread_not_found' };
        parent.replies.push(text);
      } else {
        this.messages.push({ channel, ts, text, blocks, replies: [], updates: 0 });
      }
      return { ok: true, channel, ts, message: { type: 'message', text, ts } };
    }
    if (method === 'chat.update') {
      const m = this.messages.find((x) => x.channel === channel && x.ts === body.ts);
      if (m === undefined) return { ok: false, error: 'message_not_found' };
      m.text = text;
      m.blocks = blocks;
      m.updates += 1;
      return { ok: true, channel, ts: m.ts, text };
    }
    return { ok: false, error: 'unknown_method' };
  }
}
