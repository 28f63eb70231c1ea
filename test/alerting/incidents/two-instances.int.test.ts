import { afterAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../alerting/alert.js';
import { IncidentManager } from '../../../alerting/incidents/incident-manager.js';
import { MemoryIncidentNotifier } from '../../../alerting/incidents/incident-notifier.js';
import { RedisIncidentStore } from '../../../alerting/incidents/redis-incident-store.js';
import { RedisLease } from '../../../alerting/redis-lease.js';
import { ManualClock } from '../../../core/clock.js';
import { testRedis } from '../../support/redis.js';
import { alert, FakeRanker, graphOf, MIN, T0, testDispatcher } from './support.js';

// Two instances sharing one Redis: only the evaluation lease holder updates incidents, both
// deliver from the shared outbox, and every incident event reaches Slack exactly once, also
// across a change of leader.
const redis = testRedis();
afterAll(() => redis.cleanup());

describe('incidents on two instances', () => {
  it('sends each incident event once, whichever instance leads or delivers', async () => {
    const clock = new ManualClock(T0);
    const alerts: Alert[] = [];
    const graph = graphOf('front-end>carts', 'front-end>orders', 'orders>carts');
    const instance = () => {
      const lease = new RedisLease(redis.redis, redis.prefix, 60_000);
      const store = new RedisIncidentStore(redis.redis, redis.prefix, {
        retentionMs: 86_400_000,
        maxResolved: 100,
      });
      const notifier = new MemoryIncidentNotifier('slack:oncall');
      const dispatcher = testDispatcher(store, [notifier], clock);
      const manager = new IncidentManager({
        store,
        lease,
        alerts: async () => alerts,
        topology: { graphAt: async () => graph },
        ranker: new FakeRanker(),
        notifiers: [notifier.name],
        grouping: { windowMs: 10 * MIN, maxHops: 2, quietMs: 10 * MIN },
        refreshMs: MIN,
        clock,
      });
      return { lease, store, notifier, dispatcher, manager };
    };
    const a = instance();
    const b = instance();
    const deliverBoth = () => Promise.all([a.dispatcher.deliverDue(), b.dispatcher.deliverDue()]);
    const sent = () => [...a.notifier.events, ...b.notifier.events].map((e) => e.id).sort();

    expect(await a.lease.acquire()).toBe(true);
    expect(await b.lease.acquire()).toBe(false);
    // The storm: six alerts on three related services within a minute.
    for (const [i, s] of ['carts', 'orders', 'front-end'].entries()) {
      alerts.push(
        alert(s, T0 + i * 10_000),
        alert(s, T0 + i * 10_000 + 5000, { labels: { alertname: 'SLOBurnRateTicket' } }),
      );
    }
    clock.set(T0 + MIN);
    expect(await b.manager.tick()).toBeUndefined();
    const opened = await a.manager.tick();
    expect(opened?.events.map((e) => e.id)).toHaveLength(1);
    const id = opened!.events[0]!.incident.id;
    await deliverBoth();
    await a.manager.tick(); // a second update changes nothing to announce
    await deliverBoth();
    expect(sent()).toEqual([`incident:${id}:opened`]);

    // The leader goes away; the other instance carries on from the shared state.
    await a.lease.release();
    expect(await b.lease.acquire()).toBe(true);
    for (const [i, x] of alerts.entries())
      alerts[i] = { ...x, state: 'resolved', resolvedAt: new Date(T0 + 2 * MIN).toISOString() };
    clock.set(T0 + 2 * MIN);
    expect(await a.manager.tick()).toBeUndefined();
    expect((await b.manager.tick())?.events).toEqual([]);
    clock.set(T0 + 12 * MIN);
    const resolved = await b.manager.tick();
    expect(resolved?.events.map((e) => e.id)).toEqual([`incident:${id}:resolved`]);
    await deliverBoth();
    await deliverBoth();
    expect(sent()).toEqual([`incident:${id}:opened`, `incident:${id}:resolved`].sort());
    expect(await b.store.list()).toHaveLength(1);
    await Promise.all([a.dispatcher.close(), b.dispatcher.close(), b.lease.release()]);
  });
});
