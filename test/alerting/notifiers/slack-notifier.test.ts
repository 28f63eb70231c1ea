import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotifierError } from '../../../alerting/notifiers/errors.js';
import { realSleep, type Sleep } from '../../../alerting/notifiers/http-delivery.js';
import { SerialQueue } from '../../../alerting/notifiers/serial-queue.js';
import type { SlackMessage } from '../../../alerting/notifiers/slack-message.js';
import { SlackNotifier, type SlackNotifierOptions } from '../../../alerting/notifiers/slack-notifier.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { sampleAlert, transitionTo } from './fixtures.js';
import { RecordingServer } from './recording-server.js';

// A local server that answers like Slack's incoming webhooks: `ok` (text/plain) on success,
// 429 with Retry-After (seconds) when posted to too fast, 400 `invalid_blocks` and the like
// for messages it will never take.

let slack: RecordingServer;
let url: string;
let metrics: EngineMetrics;
const waits: number[] = [];
/** Real waiting, recorded: the test checks what was waited for, never how long it took. */
const sleep: Sleep = (ms, signal) => {
  waits.push(ms);
  return realSleep(Math.min(ms, 1500), signal);
};
/** No waiting at all, for backoff between server errors. */
const noSleep: Sleep = async (ms) => {
  waits.push(ms);
};

beforeEach(async () => {
  slack = new RecordingServer();
  url = `${await slack.start()}/services/T000/B000/XXXXSECRET`;
  metrics = new EngineMetrics({ processMetrics: false });
  waits.length = 0;
});
afterEach(async () => slack.close());

function notifier(overrides: Partial<SlackNotifierOptions> = {}): SlackNotifier {
  return new SlackNotifier({
    name: 'oncall',
    webhookUrl: url,
    timeoutMs: 5000,
    queue: new SerialQueue(),
    logger: silentLogger(),
    metrics,
    sleep,
    ...overrides,
  });
}

/** A firing transition of an alert told apart by its `n` label. */
const firing = (n: number) => transitionTo(sampleAlert({}, { n: String(n) }), 'firing');
const headerOf = (m: SlackMessage) => (m.blocks[0]?.type === 'header' ? m.blocks[0].text.text : '');
/** Which alerts the server received, in order, by fingerprint (in each message's context block). */
const received = () =>
  slack
    .json<SlackMessage>()
    .map((m) => (m.blocks[2]?.type === 'context' ? m.blocks[2].elements[0]?.text : ''));
const printOf = (n: number) => expect.stringContaining(firing(n).alert.fingerprint);

async function requestCount(outcome: string): Promise<number> {
  const values = (await metrics.notifierRequests.get()).values;
  return values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

describe('SlackNotifier', () => {
  it('posts one Block Kit message per firing transition; Slack answers ok', async () => {
    const n = notifier({ channel: '#oncall' });
    await n.notify(firing(1));
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]?.path).toBe('/services/T000/B000/XXXXSECRET');
    expect(slack.requests[0]?.headers['content-type']).toBe('application/json');
    const [message] = slack.json<SlackMessage>();
    expect(message?.channel).toBe('#oncall');
    expect(headerOf(message!)).toContain('FIRING');
    expect(n.name).toBe('slack:oncall');
    expect(await requestCount('ok')).toBe(1);
  });

  it('sends nothing for pending and inactive transitions', async () => {
    const n = notifier();
    await n.notify(transitionTo(sampleAlert(), 'pending', undefined, 'inactive'));
    await n.notify(transitionTo(sampleAlert(), 'inactive', undefined, 'pending'));
    expect(slack.requests).toHaveLength(0);
  });

  it('a 429 delays the message by Retry-After but does not lose it, and holds back the next one', async () => {
    slack.responder = (_req, i) =>
      i === 0
        ? { status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }
        : { status: 200, body: 'ok' };
    const n = notifier();
    await Promise.all([n.notify(firing(1)), n.notify(firing(2))]);
    // The first message twice (refused, then accepted), then the second: none lost, order kept.
    expect(received()).toEqual([printOf(1), printOf(1), printOf(2)]);
    expect(waits[0]).toBe(1000);
    expect(await requestCount('rate_limited')).toBe(1);
  });

  it('keeps the order of messages to one webhook, also across notifiers sharing its queue', async () => {
    // Early requests are answered slowest: a notifier sending in parallel would reorder them.
    slack.responder = async (_req, i) => {
      await new Promise((r) => setTimeout(r, Math.max(0, 60 - i * 10)));
      return { status: 200, body: 'ok' };
    };
    const queue = new SerialQueue();
    const a = notifier({ queue });
    const b = notifier({ queue, name: 'other' });
    const sent = [1, 2, 3, 4, 5, 6].map(firing);
    await Promise.all(sent.map((t, i) => (i % 2 === 0 ? a : b).notify(t)));
    expect(received()).toEqual([1, 2, 3, 4, 5, 6].map(printOf));
  });

  it('400 invalid_blocks rejects at once as permanent; the next message still goes out', async () => {
    slack.responder = (_req, i) =>
      i === 0 ? { status: 400, body: 'invalid_blocks' } : { status: 200, body: 'ok' };
    const n = notifier();
    const first = n.notify(firing(1));
    const second = n.notify(firing(2));
    const err = await first.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotifierError);
    expect((err as NotifierError).code).toBe('FL_NOTIFIER_REJECTED');
    expect((err as NotifierError).details).toMatchObject({
      permanent: true,
      status: 400,
      reason: 'invalid_blocks',
    });
    await second;
    expect(slack.requests).toHaveLength(2);
  });

  it('retries server errors a bounded number of times, then rejects as worth retrying later', async () => {
    slack.responder = () => ({ status: 503, body: 'unavailable' });
    const n = notifier({ sleep: noSleep });
    const err = (await n.notify(firing(1)).catch((e: unknown) => e)) as NotifierError;
    expect(err.code).toBe('FL_NOTIFIER_UNAVAILABLE');
    expect(err.permanent).toBe(false);
    expect(slack.requests).toHaveLength(3);
    expect(await requestCount('server_error')).toBe(3);
  });

  it('gives up without sending again when Retry-After would pass its time budget', async () => {
    slack.responder = () => ({ status: 429, body: 'rate_limited', headers: { 'retry-after': '120' } });
    const n = notifier({ budgetMs: 2000 });
    const err = (await n.notify(firing(1)).catch((e: unknown) => e)) as NotifierError;
    expect(err.code).toBe('FL_NOTIFIER_UNAVAILABLE');
    expect(err.details.reason).toBe('rate_limited');
    expect(slack.requests).toHaveLength(1);
  });

  it('close rejects queued messages with FL_NOTIFIER_CLOSED and lets the one under way finish', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    slack.responder = async () => {
      await held;
      return { status: 200, body: 'ok' };
    };
    const n = notifier();
    const underWay = n.notify(firing(1));
    const queued = n.notify(firing(2)).catch((e: unknown) => e);
    while (slack.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const closing = n.close();
    expect(((await queued) as NotifierError).code).toBe('FL_NOTIFIER_CLOSED');
    release();
    await underWay;
    await closing;
    expect(slack.requests).toHaveLength(1);
    const after = (await n.notify(firing(3)).catch((e: unknown) => e)) as NotifierError;
    expect(after.code).toBe('FL_NOTIFIER_CLOSED');
  });

  it('never shows its webhook URL: not in its name, JSON or errors', async () => {
    slack.responder = () => ({ status: 404, body: 'no_service' });
    const n = notifier();
    const err = await n.notify(firing(1)).catch((e: unknown) => e);
    const shown = [
      n.name,
      JSON.stringify(n),
      String(err),
      JSON.stringify((err as NotifierError).details),
    ].join(' ');
    expect(shown).not.toContain('XXXXSECRET');
    expect(shown).toContain('no_service');
  });
});
