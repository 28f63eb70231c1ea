import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotifierError } from '../../../alerting/notifiers/errors.js';
import { SlackWebApi } from '../../../alerting/notifiers/slack-web-api.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { FakeSlackApi } from './slack-api-server.js';

const TOKEN = 'xoxb-unit-SECRET';
let slack: FakeSlackApi;
let apiUrl: string;
beforeEach(async () => {
  slack = new FakeSlackApi(TOKEN, { oncall: 'C0ONCALL', other: 'C0OTHER' });
  apiUrl = await slack.start();
});
afterEach(() => slack.close());

/** The waits asked for, really slept (short), so rate-limit and pacing behaviour is visible. */
function recordingSleep(waits: number[]) {
  return async (ms: number) => {
    waits.push(ms);
    await new Promise((r) => setTimeout(r, Math.min(ms, 20)));
  };
}

const api = (over: Partial<ConstructorParameters<typeof SlackWebApi>[0]> = {}) =>
  new SlackWebApi({
    notifier: 'slack-app:oncall',
    botToken: TOKEN,
    apiUrl,
    timeoutMs: 5000,
    paceMs: 0,
    metrics: new EngineMetrics({ processMetrics: false }),
    ...over,
  });

const deadline = () => Date.now() + 20_000;

describe('SlackWebApi', () => {
  it('waits out a 429 as Retry-After says and sends the call again: delivered once, nothing lost', async () => {
    const waits: number[] = [];
    const client = api({ sleep: recordingSleep(waits) });
    const first = await client.call('chat.postMessage', 'oncall', { text: 'one' }, deadline());
    slack.rateLimitNext(1, 2);
    await client.call('chat.update', first.channel, { ts: first.ts, text: 'two' }, deadline());
    expect(slack.calls.map((c) => [c.method, c.status])).toEqual([
      ['chat.postMessage', 200],
      ['chat.update', 429],
      ['chat.update', 200],
    ]);
    expect(waits).toContain(2000);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]).toMatchObject({ text: 'two', updates: 1 });
  });

  it('paces calls to one channel, not across channels', async () => {
    const waits: number[] = [];
    const client = api({ paceMs: 1000, sleep: recordingSleep(waits) });
    await client.call('chat.postMessage', 'oncall', { text: 'a' }, deadline());
    await client.call('chat.postMessage', 'other', { text: 'b' }, deadline());
    expect(waits).toEqual([]);
    const c = await client.call('chat.postMessage', 'oncall', { text: 'c' }, deadline());
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[0]).toBeLessThanOrEqual(1000);
    // Regression: an update addressed by the channel id Slack answered shares the lane of the
    // configured channel, so a post and its update are paced together.
    await client.call('chat.update', c.channel, { ts: c.ts, text: 'c2' }, deadline(), 'oncall');
    expect(waits).toHaveLength(2);
  });

  it("rejects Slack's refusals with its error code, permanent or not, never naming the token", async () => {
    const client = api();
    const err = await client.call('chat.postMessage', 'nowhere', { text: 'x' }, deadline()).catch((e) => e);
    expect(err).toBeInstanceOf(NotifierError);
    expect([(err as NotifierError).permanent, (err as NotifierError).details.reason]).toEqual([
      true,
      'channel_not_found',
    ]);
    const gone = await client
      .call('chat.update', 'C0ONCALL', { ts: '1.000001', text: 'x' }, deadline())
      .catch((e) => e);
    expect((gone as NotifierError).details.reason).toBe('message_not_found');
    const wrong = await api({ botToken: 'xoxb-wrong-SECRET' })
      .call('chat.postMessage', 'oncall', { text: 'x' }, deadline())
      .catch((e) => e);
    expect((wrong as NotifierError).details.reason).toBe('invalid_auth');
    for (const e of [err, gone, wrong])
      expect(JSON.stringify({ m: e.message, d: e.details })).not.toContain('SECRET');
  });
});
