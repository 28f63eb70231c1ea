import { describe, expect, it } from 'vitest';
import type { Alert } from '../../alerting/alert.js';
import { faultlineObservations } from '../../alerting/incidents/observations.js';
import { groupAlerts } from '../../correlate/incidents/grouping.js';
import { hopDistance } from '../../correlate/incidents/hops.js';
import { parseSloDocuments } from '../../pipeline/slo/load-slos.js';
import { sockshop } from '../../sim/topologies/sockshop.js';
import { topologyEdges } from '../../sim/topology.js';
import { graphOf } from './incidents/support.js';
import { fixture, MIN, rulesConfig, T0, traffic } from './support/alerting-fixture.js';

// The simulated shop's call graph: front-end -> auth -> user -> user-db, front-end -> orders
// -> user, orders -> carts, orders -> payment, ... One failing dependency (user) makes user,
// auth, orders and front-end burn their budgets at once.
const graph = graphOf(...topologyEdges(sockshop).map((e) => `${e.source}>${e.target}`));
const SERVICES = ['front-end', 'orders', 'auth', 'user', 'carts', 'payment'];
const FAILING = ['front-end', 'orders', 'auth', 'user'];
const slos = parseSloDocuments(
  `slos:\n${SERVICES.map((s) => `  - { service: ${s}, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }`).join('\n')}\n`,
  'inline.yaml',
);
const rules = rulesConfig({
  noData: { enabled: false, after: 60, severity: 'ticket' },
  budgetExhausted: { enabled: false, severity: 'ticket' },
});

async function queued(f: ReturnType<typeof fixture>, atMs: number): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const e = await f.alerts.claim('memory', atMs, 60_000);
    if (e === undefined) break;
    out.push(`${e.transition.alert.service} ${e.transition.alert.labels.alertname} ${e.transition.to}`);
    await f.alerts.complete('memory', e.transition.id, atMs);
  }
  return out.sort();
}

const page = (alerts: readonly Alert[], service: string) =>
  alerts.find((a) => a.service === service && a.labels.alertname === 'SLOBurnRatePage');

describe('topology-aware inhibition on an alert storm from one failing dependency', () => {
  it('sends the page of the service at the bottom, holds its callers with the reason, and sends them once it resolves', async () => {
    const f = fixture(slos, rules, { topology: async () => graph });
    for (const s of SERVICES)
      await traffic(f.windows, `${s}/availability`, T0 - 3 * 1440 * MIN, T0, { good: 100, total: 100 });
    for (const s of FAILING)
      await traffic(f.windows, `${s}/availability`, T0 - 5 * MIN, T0, { good: 50, total: 100 });

    const storm = await f.evaluator.evaluateAt(T0);
    // Every page is recorded as firing ...
    expect(storm.transitions.map((t) => `${t.alert.service} ${t.to}`).sort()).toEqual(
      FAILING.map((s) => `${s} firing`).sort(),
    );
    // ... but one is sent: user's; the callers wait behind it, saying why.
    expect(await queued(f, T0 + 1)).toEqual(['user SLOBurnRatePage firing']);
    const user = page(storm.alerts, 'user')!;
    expect(user.heldBy).toBeUndefined();
    for (const caller of ['auth', 'orders', 'front-end']) {
      expect(page(storm.alerts, caller)?.heldBy, caller).toMatchObject({
        fingerprint: user.fingerprint,
        sloId: 'user/availability',
        reason: expect.stringContaining(`${caller} calls user`),
      });
    }

    // The storm is one incident: every page joined it, the held ones saying why they were not sent.
    const [incident] = groupAlerts({
      open: [],
      observations: faultlineObservations(storm.alerts),
      hops: hopDistance(graph, 2),
      nowMs: T0,
      options: { windowMs: 10 * MIN, maxHops: 2, quietMs: 10 * MIN },
      newId: () => 'storm',
    }).map((c) => c.incident);
    const members = incident!.alerts.filter((a) => a.alertname === 'SLOBurnRatePage');
    expect(members.map((a) => [a.service, a.notSent?.startsWith('held: ') ?? false]).sort()).toEqual([
      ['auth', true],
      ['front-end', true],
      ['orders', true],
      ['user', false],
    ]);
    expect(incident!.timeline.map((t) => t.text)).toContainEqual(
      expect.stringMatching(/^SLOBurnRatePage \(page\) on orders joined \(not sent: held: orders calls user/),
    );

    // user recovers (its 30m window clean); its callers keep failing: user resolves, and the held pages go out now.
    await traffic(f.windows, 'user/availability', T0, T0 + 35 * MIN, { good: 100, total: 100 });
    for (const s of ['front-end', 'orders', 'auth'])
      await traffic(f.windows, `${s}/availability`, T0, T0 + 35 * MIN, { good: 50, total: 100 });
    const after = await f.evaluator.evaluateAt(T0 + 35 * MIN);
    expect(page(after.alerts, 'orders')?.heldBy).toBeUndefined();
    // front-end still calls paging services (auth, orders): it stays held, now by one of them.
    expect(['auth/availability', 'orders/availability']).toContain(
      page(after.alerts, 'front-end')?.heldBy?.sloId,
    );
    const pages = (await queued(f, T0 + 36 * MIN)).filter((n) => n.includes('Page'));
    expect(pages).toEqual([
      'auth SLOBurnRatePage firing',
      'orders SLOBurnRatePage firing',
      'user SLOBurnRatePage resolved',
    ]);
    // Sent once: the next evaluation queues nothing more.
    await f.evaluator.evaluateAt(T0 + 35 * MIN + 10_000);
    expect(await queued(f, T0 + 37 * MIN)).toEqual([]);
  });

  it('holds nothing without a topology, and never holds two services that call each other', async () => {
    const plain = fixture(slos, rules);
    for (const s of FAILING) {
      await traffic(plain.windows, `${s}/availability`, T0 - 3 * 1440 * MIN, T0, { good: 100, total: 100 });
      await traffic(plain.windows, `${s}/availability`, T0 - 5 * MIN, T0, { good: 50, total: 100 });
    }
    await plain.evaluator.evaluateAt(T0);
    expect(await queued(plain, T0 + 1)).toHaveLength(4);

    const cycle = graph.copy();
    cycle.addDirectedEdge('user', 'auth', {
      ...graph.getEdgeAttributes('auth', 'user'),
      source: 'user',
      target: 'auth',
    });
    const f = fixture(slos, rules, { topology: async () => cycle });
    for (const s of ['auth', 'user']) {
      await traffic(f.windows, `${s}/availability`, T0 - 3 * 1440 * MIN, T0, { good: 100, total: 100 });
      await traffic(f.windows, `${s}/availability`, T0 - 5 * MIN, T0, { good: 50, total: 100 });
    }
    await f.evaluator.evaluateAt(T0);
    expect(await queued(f, T0 + 1)).toEqual(['auth SLOBurnRatePage firing', 'user SLOBurnRatePage firing']);
  });
});
