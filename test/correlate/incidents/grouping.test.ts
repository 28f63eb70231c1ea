import { describe, expect, it } from 'vitest';
import { alert, external, graphOf, harness, MIN, T0 } from '../../alerting/incidents/support.js';

// Grouping rules, driven through the incident manager with a manual clock: which alerts
// join one incident (window, topology hops, same service), when it resolves (quiet period)
// and what happens after (a new incident).
const line = graphOf('a>b', 'b>c', 'c>d', 'd>e');

describe('incident grouping', () => {
  it('puts alerts of one service that start within the window into one incident', async () => {
    const h = await harness();
    h.alerts.push(alert('carts', T0));
    h.clock.set(T0 + 10_000);
    const first = await h.manager.tick();
    expect(first?.events.map((e) => e.id)).toEqual(['incident:inc-1:opened']);
    h.alerts.push(alert('carts', T0 + 4 * MIN, { labels: { alertname: 'SLOBurnRateTicket' } }));
    h.clock.set(T0 + 4 * MIN + 10_000);
    const second = await h.manager.tick();
    expect(second?.events).toEqual([]);
    const [incident] = await h.store.list();
    expect(incident?.alerts.map((a) => a.alertname)).toEqual(['SLOBurnRatePage', 'SLOBurnRateTicket']);
    expect(incident?.services).toEqual(['carts']);
    expect(incident?.timeline.map((t) => t.kind)).toEqual(['opened', 'rootcause', 'alert']);
  });

  it('keeps alerts on unrelated services apart, and joins services within the hop limit', async () => {
    const h = await harness({}, line);
    h.alerts.push(alert('a', T0), alert('d', T0 + MIN)); // 3 hops apart
    h.clock.set(T0 + 2 * MIN);
    await h.manager.tick();
    expect((await h.store.open()).map((i) => i.services)).toEqual([['d'], ['a']]);
    h.alerts.push(alert('c', T0 + 3 * MIN)); // 2 hops from a, 1 from d: joins the older incident
    h.clock.set(T0 + 3 * MIN);
    await h.manager.tick();
    const open = await h.store.open();
    expect(open.map((i) => i.services)).toEqual([['d'], ['a', 'c']]);
  });

  it('counts hops in either direction (two callers of one service are two hops apart)', async () => {
    const h = await harness({ grouping: { windowMs: 10 * MIN, maxHops: 1, quietMs: 10 * MIN } });
    h.graph.current = graphOf('front-end>carts', 'orders>carts');
    h.alerts.push(alert('carts', T0), alert('front-end', T0 + MIN), alert('orders', T0 + 2 * MIN));
    h.clock.set(T0 + 3 * MIN);
    await h.manager.tick();
    // front-end and orders are each one hop from carts, so both join carts' incident.
    expect((await h.store.open()).map((i) => i.services)).toEqual([['carts', 'front-end', 'orders']]);
  });

  it('without a topology groups only alerts of the same service', async () => {
    const h = await harness();
    h.alerts.push(
      alert('carts', T0),
      alert('orders', T0 + MIN),
      alert('carts', T0 + 2 * MIN, {
        labels: { alertname: 'SLOBudgetExhausted' },
      }),
    );
    h.clock.set(T0 + 3 * MIN);
    await h.manager.tick();
    expect((await h.store.open()).map((i) => i.alerts.length)).toEqual([1, 2]);
  });

  it('opens a new incident for an alert starting outside the window of every related alert', async () => {
    const h = await harness({ grouping: { windowMs: 10 * MIN, maxHops: 2, quietMs: 60 * MIN } });
    h.alerts.push(alert('carts', T0));
    await h.manager.tick();
    h.alerts[0] = alert('carts', T0, { resolvedMs: T0 + MIN });
    h.clock.set(T0 + MIN);
    await h.manager.tick();
    // Still open (quiet period of an hour), but 12 minutes after it resolved is outside the window.
    h.alerts.push(alert('carts', T0 + 12 * MIN, { labels: { alertname: 'SLOBurnRateTicket' } }));
    h.clock.set(T0 + 12 * MIN);
    await h.manager.tick();
    expect((await h.store.open()).map((i) => i.alerts.map((a) => a.alertname))).toEqual([
      ['SLOBurnRateTicket'],
      ['SLOBurnRatePage'],
    ]);
  });

  it('lets a late external alert join only when it started within the window before', async () => {
    const incidentsWith = async (startMs: number) => {
      const h = await harness();
      h.alerts.push(alert('carts', T0));
      h.clock.set(T0 + MIN);
      await h.manager.tick();
      h.externals.push(external('carts', startMs));
      await h.manager.tick();
      return (await h.store.open()).map((i) => i.alerts.map((a) => `${a.source}:${a.since.slice(11, 16)}`));
    };
    expect(await incidentsWith(T0 - 5 * MIN)).toEqual([['faultline:12:00', 'alertmanager:11:55']]);
    expect(await incidentsWith(T0 - 15 * MIN)).toEqual([['faultline:12:00'], ['alertmanager:11:45']]);
  });

  it('resolves once every alert has been resolved for the quiet period, then opens anew', async () => {
    const h = await harness();
    h.alerts.push(alert('carts', T0));
    h.clock.set(T0);
    await h.manager.tick();
    h.alerts[0] = alert('carts', T0, { resolvedMs: T0 + 5 * MIN });
    h.clock.set(T0 + 5 * MIN);
    const quietStart = await h.manager.tick();
    expect(quietStart?.events).toEqual([]);
    h.clock.set(T0 + 15 * MIN - 1);
    await h.manager.tick();
    expect((await h.store.open()).length).toBe(1);
    h.clock.set(T0 + 15 * MIN);
    const resolved = await h.manager.tick();
    expect(resolved?.events.map((e) => e.id)).toEqual(['incident:inc-1:resolved']);
    const old = await h.store.get('inc-1');
    expect(old).toMatchObject({ status: 'resolved', resolvedAt: new Date(T0 + 15 * MIN).toISOString() });
    expect(old?.timeline.at(-1)?.kind).toBe('resolved');

    // The same alert firing again is a new episode: a new incident, the old one stays resolved.
    h.alerts[0] = alert('carts', T0 + 16 * MIN);
    h.clock.set(T0 + 16 * MIN);
    const again = await h.manager.tick();
    expect(again?.events.map((e) => e.id)).toEqual(['incident:inc-2:opened']);
    expect((await h.store.get('inc-1'))?.status).toBe('resolved');
    expect((await h.store.list()).map((i) => [i.id, i.status])).toEqual([
      ['inc-2', 'open'],
      ['inc-1', 'resolved'],
    ]);
  });

  it('treats an alert a source no longer lists as resolved', async () => {
    const h = await harness();
    h.alerts.push(alert('carts', T0));
    await h.manager.tick();
    h.alerts.length = 0;
    h.clock.set(T0 + MIN);
    await h.manager.tick();
    const [incident] = await h.store.open();
    expect(incident?.alerts[0]).toMatchObject({
      state: 'resolved',
      resolvedAt: new Date(T0 + MIN).toISOString(),
    });
  });

  it('announces an alert storm once, and the top candidate only when it changes', async () => {
    const h = await harness({}, line);
    for (const [i, s] of ['a', 'b', 'c', 'd', 'e'].entries()) {
      h.alerts.push(alert(s, T0 + i * 10_000));
      h.alerts.push(alert(s, T0 + i * 10_000, { labels: { alertname: 'SLOBurnRateTicket' } }));
    }
    h.clock.set(T0 + MIN);
    const storm = await h.manager.tick();
    expect(storm?.events.map((e) => e.id)).toEqual(['incident:inc-1:opened']);
    expect(storm?.events[0]?.incident.alerts).toHaveLength(10);

    h.clock.set(T0 + 2 * MIN);
    expect((await h.manager.tick())?.events).toEqual([]); // refreshed, same top
    h.ranker.top = 'e';
    h.clock.set(T0 + 3 * MIN);
    const changed = await h.manager.tick();
    expect(changed?.events.map((e) => [e.id, e.previousTop])).toEqual([['incident:inc-1:top:e', 'db']]);
    h.ranker.top = 'db';
    h.clock.set(T0 + 4 * MIN);
    await h.manager.tick();
    h.ranker.top = 'e';
    h.clock.set(T0 + 5 * MIN);
    const back = await h.manager.tick();
    // `top:e` was queued before: the outbox keeps it from going out twice.
    expect(back?.events.map((e) => e.id)).toEqual(['incident:inc-1:top:e']);
    expect(await h.store.pending('memory')).toBe(3); // opened, top:e, top:db
  });

  it('stops re-ranking once a ranking was computed after the anomaly window', async () => {
    const h = await harness();
    h.alerts.push(alert('carts', T0));
    await h.manager.tick();
    for (let m = 1; m <= 20; m++) {
      h.clock.set(T0 + m * MIN);
      await h.manager.tick();
    }
    // At open, then every minute until one ran at or after T0 + 10 min.
    expect(h.ranker.calls).toBe(11);
  });

  it('does nothing without the lease, and writes nothing once the lease is lost', async () => {
    const h = await harness();
    h.alerts.push(alert('carts', T0));
    await h.lease.release();
    expect(await h.manager.tick()).toBeUndefined();
    expect(await h.store.list()).toEqual([]);
  });
});
