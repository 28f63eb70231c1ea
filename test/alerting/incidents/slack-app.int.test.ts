import { PassThrough } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../alerting/alert.js';
import { IncidentActions } from '../../../alerting/incidents/incident-actions.js';
import { IncidentManager } from '../../../alerting/incidents/incident-manager.js';
import { RedisIncidentStore } from '../../../alerting/incidents/redis-incident-store.js';
import { SlackAppIncidentNotifier } from '../../../alerting/notifiers/slack-app-notifier.js';
import { SlackWebApi } from '../../../alerting/notifiers/slack-web-api.js';
import { RedisLease } from '../../../alerting/redis-lease.js';
import { ManualClock } from '../../../core/clock.js';
import { createLogger, type Logger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { OwnRedis } from '../../reliability/support/own-redis.js';
import { FakeSlackApi } from '../notifiers/slack-api-server.js';
import { alert, FakeRanker, graphOf, MIN, T0, testDispatcher } from './support.js';

// Slack app mode against a local server speaking Slack's Web API contract, with a real
// Redis: one message per incident, edited in place by whichever instance delivers, also
// after a change of leader and across a Redis outage between the post and the update.
const TOKEN = 'xoxb-test-SECRET-token';
let slack: FakeSlackApi;
let apiUrl: string;
let redis: OwnRedis;
const clients: Redis[] = [];

beforeEach(async () => {
  slack = new FakeSlackApi(TOKEN, { oncall: 'C0ONCALL' });
  apiUrl = await slack.start();
  redis = await OwnRedis.start({ persistent: true });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.disconnect();
  await slack.close();
  await redis.destroy();
});
afterAll(() => undefined);

/** One engine instance: its own Redis client, lease, manager, dispatcher and Slack app notifier. */
async function instance(
  clock: ManualClock,
  alerts: Alert[],
  ranker: FakeRanker,
  logger: Logger = createLogger('silent'),
  metrics = new EngineMetrics({ processMetrics: false }),
) {
  // Fail fast while Redis is away (no offline queue), reconnect when it is back.
  const client = new Redis(redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 50,
  });
  client.on('error', () => undefined);
  clients.push(client);
  await waitForRedis(client);
  const lease = new RedisLease(client, 'fl:', 60_000);
  const store = new RedisIncidentStore(client, 'fl:', { retentionMs: 86_400_000, maxResolved: 100 });
  const api = new SlackWebApi({
    notifier: 'slack-app:oncall',
    botToken: TOKEN,
    apiUrl,
    timeoutMs: 5000,
    paceMs: 0,
    metrics,
  });
  const notifier = new SlackAppIncidentNotifier({
    name: 'oncall',
    channel: 'oncall',
    api,
    messages: store,
    dashboardUrl: () => 'https://faultline.example.com',
    budgetMs: 20_000,
    logger,
  });
  const dispatcher = testDispatcher(store, [notifier], clock, { maxAttempts: 5, metrics, logger });
  const manager = new IncidentManager({
    store,
    lease,
    alerts: async () => alerts,
    topology: { graphAt: async () => graphOf('front-end>carts') },
    ranker,
    notifiers: [notifier.name],
    grouping: { windowMs: 10 * MIN, maxHops: 2, quietMs: 10 * MIN },
    refreshMs: MIN,
    clock,
  });
  const actions = new IncidentActions({ store, notifiers: [notifier.name], clock });
  return { client, lease, store, dispatcher, manager, actions, notifier, metrics };
}

describe('Slack app mode', () => {
  it('posts once, then edits the same message from the new leader, with a threaded reply per transition', async () => {
    const clock = new ManualClock(T0);
    const alerts: Alert[] = [alert('carts', T0)];
    const ranker = new FakeRanker();
    const a = await instance(clock, alerts, ranker);
    const b = await instance(clock, alerts, ranker);
    expect(await a.lease.acquire()).toBe(true);
    clock.set(T0 + MIN);
    const opened = await a.manager.tick();
    const id = opened!.events[0]!.incident.id;
    await a.dispatcher.deliverDue();
    expect(slack.posts).toHaveLength(1);
    const [message] = slack.posts;
    expect(message!.text).toContain('db likely cause');
    expect(JSON.stringify(message!.blocks)).toContain(`https://faultline.example.com/#/incidents/${id}`);
    expect(slack.calls.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);

    // The leader goes; the other instance ranks again, a new top candidate is announced.
    await a.lease.release();
    expect(await b.lease.acquire()).toBe(true);
    ranker.top = 'payments';
    clock.set(T0 + 3 * MIN);
    expect((await b.manager.tick())?.events.map((e) => e.kind)).toEqual(['top']);
    await b.dispatcher.deliverDue();
    // A person acknowledges on either instance; the message follows.
    await a.actions.acknowledge(id, 'ana');
    await Promise.all([a.dispatcher.deliverDue(), b.dispatcher.deliverDue()]);
    await Promise.all([a.dispatcher.deliverDue(), b.dispatcher.deliverDue()]);

    expect(slack.posts).toHaveLength(1);
    expect(message!.updates).toBe(2);
    expect(message!.text).toContain('payments likely cause');
    expect(message!.replies).toEqual([
      expect.stringContaining('Top candidate: payments'),
      'Acknowledged by ana',
    ]);
    const updates = slack.calls.filter((c) => c.method === 'chat.update');
    expect(updates.every((c) => c.body.ts === message!.ts && c.body.channel === 'C0ONCALL')).toBe(true);
    await Promise.all([a.dispatcher.close(), b.dispatcher.close()]);
  });

  it('survives a Redis outage between the post and its update: the same message is edited, not posted again', async () => {
    const clock = new ManualClock(T0);
    const alerts: Alert[] = [alert('carts', T0)];
    const ranker = new FakeRanker();
    const lines: string[] = [];
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => lines.push(c.toString()));
    const a = await instance(clock, alerts, ranker, createLogger('warn', sink));
    expect(await a.lease.acquire()).toBe(true);
    clock.set(T0 + MIN);
    await a.manager.tick();
    // Redis goes down while Slack takes the first post: the message is out, its ts not stored.
    let stopped = false;
    slack.before = async (call) => {
      if (!stopped && call.method === 'chat.postMessage') {
        stopped = true;
        await redis.stop();
      }
    };
    await a.dispatcher.deliverDue();
    expect(slack.posts).toHaveLength(1);
    // Counted and logged, without the bot token.
    const loopErrors = (await a.metrics.loopErrors.get()).values;
    expect(loopErrors.find((v) => v.labels.component === 'incident-dispatcher')?.value).toBeGreaterThan(0);
    const logged = lines.join('');
    expect(logged).toContain('ts not stored yet');
    expect(logged).not.toContain('SECRET');

    await redis.start();
    await waitForRedis(a.client);
    // The claim of the event expires; the same instance delivers it again: an edit, no post.
    clock.set(T0 + MIN + 61_000);
    await a.dispatcher.deliverDue();
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.updates).toBe(1);

    // The ts is stored now: a second instance, leading after the outage, edits the same message.
    const b = await instance(clock, alerts, ranker);
    await a.lease.release();
    expect(await b.lease.acquire()).toBe(true);
    alerts[0] = alert('carts', T0, { resolvedMs: T0 + 2 * MIN });
    clock.set(T0 + 13 * MIN);
    expect((await b.manager.tick())?.events.map((e) => e.kind)).toEqual(['resolved']);
    await b.dispatcher.deliverDue();
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.text).toMatch(/^Resolved: /);
    expect(slack.posts[0]!.replies).toEqual([expect.stringMatching(/^Resolved: its alert resolved/)]);
    await Promise.all([a.dispatcher.close(), b.dispatcher.close()]);
  });
});

async function waitForRedis(client: Redis): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // still reconnecting
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis did not come back');
}
