import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlertObservation,
  type GroupingOptions,
  groupAlerts,
} from '../../../correlate/incidents/grouping.js';
import { type HopDistance, hopDistance } from '../../../correlate/incidents/hops.js';
import type { Incident } from '../../../correlate/incidents/incident.js';
import { alert, graphOf, harness, MIN, T0 } from '../../alerting/incidents/support.js';

// Grouping went through an index (time bucket x service) instead of comparing each new alert
// with every member of every open incident; incidents keep at most `maxAlerts` alerts.
const services = ['a', 'b', 'c', 'd', 'e', 'x'];
const graph = graphOf('a>b', 'b>c', 'c>d', 'd>e');
const options: GroupingOptions = { windowMs: 10 * MIN, maxHops: 2, quietMs: 10 * MIN };

function observation(n: number, service: string, startMs: number, resolvedMs?: number): AlertObservation {
  return {
    key: `faultline:${n}:${startMs}`,
    fingerprint: String(n).padStart(16, '0'),
    alertname: 'SLOBurnRatePage',
    service,
    severity: 'page',
    source: 'faultline',
    state: resolvedMs === undefined ? 'firing' : 'resolved',
    startMs,
    ...(resolvedMs === undefined ? {} : { resolvedAtMs: resolvedMs }),
  };
}

/**
 * Which alerts end up together, by the rule itself, checked pair by pair: the oldest open
 * incident holding any related alert takes a new alert, else it opens one.
 */
function referenceGroups(batches: AlertObservation[][], hops: HopDistance): string[][] {
  const incidents: Array<{ opened: number; members: AlertObservation[] }> = [];
  const related = (m: AlertObservation, o: AlertObservation) =>
    hops(m.service, o.service) <= options.maxHops &&
    (Math.abs(o.startMs - m.startMs) <= options.windowMs ||
      (m.resolvedAtMs !== undefined &&
        o.startMs >= m.resolvedAtMs &&
        o.startMs - m.resolvedAtMs <= options.windowMs));
  const seen = new Set<string>();
  for (const batch of batches) {
    // members take their alert's state as listed now (a resolution reaches further in time)
    const now = new Map(batch.map((o) => [o.key, o]));
    for (const i of incidents) i.members = i.members.map((m) => now.get(m.key) ?? m);
    const fresh = batch
      .filter((o) => o.state === 'firing' && !seen.has(o.key))
      .sort((a, b) => a.startMs - b.startMs || (a.key < b.key ? -1 : 1));
    for (const o of fresh) {
      seen.add(o.key);
      const home = incidents
        .filter((i) => i.members.some((m) => related(m, o)))
        .sort((x, y) => x.opened - y.opened)[0];
      if (home) home.members.push(o);
      else incidents.push({ opened: o.startMs, members: [o] });
    }
  }
  return incidents.map((i) => i.members.map((m) => m.key).sort()).sort();
}

function indexedGroups(batches: AlertObservation[][], hops: HopDistance): string[][] {
  let open: Incident[] = [];
  let n = 0;
  for (const batch of batches) {
    const changes = groupAlerts({
      open,
      observations: batch,
      hops,
      nowMs: T0 + 60 * MIN,
      options: { ...options, quietMs: 24 * 60 * MIN },
      newId: () => `i${++n}`,
    });
    const byId = new Map(open.map((i) => [i.id, i]));
    for (const c of changes) byId.set(c.incident.id, c.incident);
    open = [...byId.values()];
  }
  return open.map((i) => i.alerts.map((a) => a.key).sort()).sort();
}

describe('indexed incident grouping', () => {
  it('groups exactly as the pairwise rule does, over random alerts in several passes', () => {
    // an alert starts at some offset and may resolve a few minutes later, from some pass on
    const obs = fc.record({
      service: fc.constantFrom(...services),
      offset: fc.integer({ min: 0, max: 40 * MIN }),
      lasts: fc.integer({ min: 0, max: 25 * MIN }),
      resolvesInPass: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(obs, { maxLength: 12 }), { minLength: 1, maxLength: 4 }), (raw) => {
        const all: Array<{ n: number; pass: number; o: (typeof raw)[number][number] }> = [];
        const batches = raw.map((added, pass) => {
          for (const o of added) all.push({ n: all.length, pass, o });
          // every pass lists every alert so far, as it is in that pass
          return all.map(({ n, pass: from, o }) =>
            observation(
              n,
              o.service,
              T0 + o.offset,
              from + o.resolvesInPass <= pass ? T0 + o.offset + o.lasts : undefined,
            ),
          );
        });
        // resolved-from-the-start alerts never join, in both; only firing ones group
        const hops = hopDistance(graph, options.maxHops);
        expect(indexedGroups(batches, hops)).toEqual(referenceGroups(batches, hops));
      }),
      { numRuns: 300 },
    );
  });

  it('compared each new alert with every open member; now it asks only about its own neighbourhood', () => {
    // 2 000 open incidents, each on a service of its own, then 100 new alerts on new services
    const open = groupAlerts({
      open: [],
      observations: Array.from({ length: 2_000 }, (_, i) => observation(i, `s${i}`, T0 + (i % 30) * MIN)),
      hops: hopDistance(undefined, 2),
      nowMs: T0 + 30 * MIN,
      options,
      newId: (() => {
        let n = 0;
        return () => `i${++n}`;
      })(),
    }).map((c) => c.incident);
    expect(open).toHaveLength(2_000);
    const inner = hopDistance(undefined, 2);
    let questions = 0;
    const ask = <T>(answer: () => T): T => {
      questions++;
      return answer();
    };
    const counting: HopDistance = Object.assign((a: string, b: string) => ask(() => inner(a, b)), {
      around: (s: string) => ask(() => inner.around(s)),
    });
    const fresh = Array.from({ length: 100 }, (_, i) => observation(10_000 + i, `new${i}`, T0 + 15 * MIN));
    const changes = groupAlerts({
      open,
      observations: fresh,
      hops: counting,
      nowMs: T0 + 30 * MIN,
      options,
      newId: () => 'new',
    });
    // the open incidents' alerts are not listed any more: they resolve, but that asks nothing
    expect(changes.filter((c) => c.opened)).toHaveLength(100);
    expect(questions).toBeLessThanOrEqual(100);
  });
});

describe('members per incident', () => {
  it('one incident kept 20 079 alerts; now it keeps maxAlerts and counts the rest once', async () => {
    const h = await harness({ grouping: { ...options, maxAlerts: 3 } });
    for (let i = 0; i < 5; i++)
      h.alerts.push(
        alert('carts', T0 + i * MIN, {
          labels: { alertname: `Burn${i}` },
          fingerprint: `f${i}`.padEnd(16, '0'),
        }),
      );
    h.clock.set(T0 + 6 * MIN);
    await h.manager.tick();
    await h.manager.tick(); // a second pass sees the same alerts: nothing counted twice
    const [incident] = await h.store.open();
    expect(incident?.alerts.map((a) => a.alertname)).toEqual(['Burn0', 'Burn1', 'Burn2']);
    expect(incident?.omittedAlerts).toBe(2);
    expect(incident?.timeline.filter((t) => t.text.startsWith('Alert limit reached'))).toHaveLength(1);
    // one more related alert: counted
    h.alerts.push(
      alert('carts', T0 + 7 * MIN, { labels: { alertname: 'Burn5' }, fingerprint: 'f5'.padEnd(16, '0') }),
    );
    h.clock.set(T0 + 8 * MIN);
    await h.manager.tick();
    expect((await h.store.open())[0]?.omittedAlerts).toBe(3);
  });

  it('an update stops at its next turn once shutdown aborts it, writing nothing', async () => {
    const h = await harness();
    for (let i = 0; i < 50; i++) h.alerts.push(alert(`svc${i}`, T0));
    const stop = new AbortController();
    stop.abort();
    expect(await h.manager.tick(stop.signal)).toEqual({ committed: false, changed: [], events: [] });
    expect(await h.store.open()).toEqual([]);
  });
});
