import { describe, expect, it } from 'vitest';
import { AlertingErrorCode } from '../../../alerting/errors.js';
import { IncidentActions } from '../../../alerting/incidents/incident-actions.js';
import { hasCode } from '../../../core/faultline-error.js';
import { alert, graphOf, type Harness, harness, MIN, T0 } from './support.js';

async function setup(): Promise<{ h: Harness; actions: IncidentActions; woken: { n: number } }> {
  // carts calls orders: their alerts group into one incident.
  const h = await harness({}, graphOf('carts>orders'));
  const woken = { n: 0 };
  let n = 0;
  const actions = new IncidentActions({
    store: h.store,
    notifiers: ['memory'],
    clock: h.clock,
    onEvents: () => woken.n++,
    newId: () => `split-${++n}`,
  });
  return { h, actions, woken };
}

async function rejects(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(hasCode(err, code), String(err)).toBe(true);
}

/** Every queued event id of the memory notifier, claimed once. */
async function queued(h: Harness): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const got = await h.store.claim('memory', Number.MAX_SAFE_INTEGER, 1000);
    if (got === undefined) return out;
    out.push(got.event.id);
    await h.store.complete('memory', got.event.id, 0);
  }
}

describe('incident lifecycle by hand', () => {
  it('acknowledges, assigns and notes, each on the timeline with who and when, and queues the transitions', async () => {
    const { h, actions, woken } = await setup();
    h.alerts.push(alert('carts', T0));
    await h.manager.tick();
    await queued(h);
    h.clock.set(T0 + MIN);
    const acked = await actions.acknowledge('inc-1', 'ana');
    expect(acked.acknowledged).toEqual({ by: 'ana', at: new Date(T0 + MIN).toISOString() });
    // Again: nothing changes, nothing is queued.
    await actions.acknowledge('inc-1', 'bob');
    h.clock.set(T0 + 2 * MIN);
    await actions.assign('inc-1', 'payments team', 'ana');
    await actions.note('inc-1', 'rolled back 4.2.1', 'bob');
    const stored = (await h.store.get('inc-1'))!;
    expect(stored.owner).toEqual({
      name: 'payments team',
      by: 'ana',
      at: new Date(T0 + 2 * MIN).toISOString(),
    });
    expect(stored.timeline.filter((t) => t.by !== undefined)).toEqual([
      { at: new Date(T0 + MIN).toISOString(), kind: 'acknowledged', text: 'Acknowledged by ana', by: 'ana' },
      {
        at: new Date(T0 + 2 * MIN).toISOString(),
        kind: 'assigned',
        text: 'Assigned to payments team by ana',
        by: 'ana',
      },
      { at: new Date(T0 + 2 * MIN).toISOString(), kind: 'note', text: 'rolled back 4.2.1', by: 'bob' },
    ]);
    expect(await queued(h)).toEqual([
      'incident:inc-1:acknowledged',
      `incident:inc-1:assigned:${T0 + 2 * MIN}`,
    ]);
    expect(woken.n).toBe(2);
    expect((await h.store.list({ state: 'acknowledged' })).map((i) => i.id)).toEqual(['inc-1']);
  });

  it('resolves by hand; the still-firing alert does not open a new incident, a new episode does', async () => {
    const { h, actions } = await setup();
    h.alerts.push(alert('carts', T0));
    await h.manager.tick();
    h.clock.set(T0 + MIN);
    const resolved = await actions.resolve('inc-1', 'ana', 'false alarm');
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'ana' });
    expect(resolved.timeline.at(-1)).toMatchObject({
      kind: 'resolved',
      text: 'Resolved by ana: false alarm',
    });
    h.clock.set(T0 + 2 * MIN);
    await h.manager.tick();
    expect((await h.store.list()).map((i) => i.id)).toEqual(['inc-1']);
    await rejects(actions.acknowledge('inc-1', 'bob'), AlertingErrorCode.IncidentConflict);
    // The alert resolves and fires again later: a new episode, a new incident.
    h.alerts[0] = alert('carts', T0 + 30 * MIN);
    h.clock.set(T0 + 30 * MIN);
    await h.manager.tick();
    expect((await h.store.list({ state: 'open' })).map((i) => i.id)).toEqual(['inc-2']);
  });

  it('merges one incident into another: alerts and services move, the source resolves pointing at it', async () => {
    const { h, actions } = await setup();
    h.alerts.push(alert('carts', T0));
    await h.manager.tick();
    h.alerts.push(alert('billing', T0 + 30 * MIN));
    h.clock.set(T0 + 30 * MIN);
    await h.manager.tick();
    await queued(h);
    const target = await actions.merge('inc-2', 'inc-1', 'ana');
    expect(target.id).toBe('inc-1');
    expect(target.services).toEqual(['carts', 'billing']);
    expect(target.alerts).toHaveLength(2);
    expect(target.rootCause.computedAt).toBeUndefined();
    expect(await h.store.get('inc-2')).toMatchObject({
      status: 'resolved',
      mergedInto: 'inc-1',
      resolvedBy: 'ana',
    });
    expect(await queued(h)).toEqual(['incident:inc-1:merged:inc-2', 'incident:inc-2:merged']);
    // The engine ranks the merged incident again and leaves the moved alert where it is.
    await h.manager.tick();
    expect((await h.store.get('inc-1'))?.rootCause.computedAt).toBeDefined();
    expect((await h.store.list({ status: 'open' })).map((i) => i.id)).toEqual(['inc-1']);
    await rejects(actions.merge('inc-1', 'inc-1', 'ana'), AlertingErrorCode.IncidentConflict);
    await rejects(actions.merge('inc-1', 'inc-2', 'ana'), AlertingErrorCode.IncidentConflict);
    await rejects(actions.merge('inc-1', 'nope', 'ana'), AlertingErrorCode.IncidentNotFound);
  });

  it('splits an alert out into its own incident, which the engine ranks and keeps apart', async () => {
    const { h, actions } = await setup();
    h.alerts.push(alert('carts', T0), alert('orders', T0 + MIN));
    h.clock.set(T0 + MIN);
    await h.manager.tick();
    const [inc] = await h.store.list();
    expect(inc?.alerts).toHaveLength(2);
    await queued(h);
    const key = inc!.alerts.find((a) => a.service === 'orders')!.key;
    const split = await actions.split('inc-1', key, 'ana');
    expect(split).toMatchObject({ id: 'split-1', splitFrom: 'inc-1', services: ['orders'], status: 'open' });
    expect((await h.store.get('inc-1'))?.services).toEqual(['carts']);
    expect(await queued(h)).toEqual(['incident:inc-1:split:split-1', 'incident:split-1:opened']);
    h.clock.set(T0 + 2 * MIN);
    await h.manager.tick();
    expect((await h.store.get('split-1'))?.rootCause.computedAt).toBeDefined();
    expect((await h.store.get('inc-1'))?.alerts.map((a) => a.service)).toEqual(['carts']);
    const carts = (await h.store.get('inc-1'))!.alerts[0]!.key;
    await rejects(actions.split('inc-1', carts, 'ana'), AlertingErrorCode.IncidentConflict);
    await rejects(actions.split('inc-1', 'no-such-alert', 'ana'), AlertingErrorCode.IncidentConflict);
  });

  it("regression: the engine's update computed before a person's change does not overwrite it", async () => {
    const { h, actions } = await setup();
    h.alerts.push(alert('carts', T0));
    await h.manager.tick();
    // The engine reads the open incidents, then a person acknowledges before it commits.
    const realOpen = h.store.open.bind(h.store);
    h.store.open = async () => {
      const open = await realOpen();
      await actions.acknowledge('inc-1', 'ana');
      return open;
    };
    h.alerts.push(alert('orders', T0 + MIN));
    h.clock.set(T0 + MIN);
    expect((await h.manager.tick())?.committed).toBe(false);
    h.store.open = realOpen;
    await h.manager.tick();
    expect(await h.store.get('inc-1')).toMatchObject({
      acknowledged: { by: 'ana' },
      services: ['carts', 'orders'],
    });
  });
});
