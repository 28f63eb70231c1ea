import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankRootCauses } from '../../../correlate/rank.js';
import { USER_NODE } from '../../../topology/model.js';
import { feedSimulation, MIN, SIM_T0, type SimEngine, startSimEngine } from './sim-engine.js';

// A crashed service reports nothing: no spans, no metrics. Its callers' failed calls to it
// (the caller -> carts edges, folded into carts as inbound_* signals) still show it, so the
// root-cause API ranks the dead service first.
const FAULT_START = SIM_T0 + 40 * MIN;
let engine: SimEngine;

interface Answer {
  candidates: Array<{
    node: string;
    rank: number;
    signals: Array<{ signal: string; series: Array<{ t: number; v: number }> }>;
  }>;
  usedTopology: boolean;
}

beforeAll(async () => {
  engine = await startSimEngine({ alerting: { enabled: false } });
  await feedSimulation(engine, { seed: 11, faults: ['outage:carts@+40m/15m'], minutes: 52 });
}, 240_000);
afterAll(async () => engine?.close());

describe('root cause of an outage', () => {
  it('ranks the dead service first through its callers’ failed calls', async () => {
    const at = new Date(FAULT_START + MIN).toISOString();
    const res = await fetch(`${engine.api}/api/v1/rootcause?service=front-end&slo=availability&at=${at}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.usedTopology).toBe(true);
    const [top] = body.candidates;
    expect(top?.node).toBe('carts');
    expect(top?.signals[0]?.signal).toMatch(/^inbound_/);
    // carts itself went silent at the fault: none of its own series has a point after it.
    const own = top?.signals.filter((s) => !s.signal.startsWith('inbound_')) ?? [];
    for (const s of own) expect(s.series.filter((p) => p.t >= FAULT_START + 10_000)).toEqual([]);
    const inbound = top?.signals.find((s) => s.signal === 'inbound_error_rate');
    expect(inbound?.series.filter((p) => p.t >= FAULT_START + 10_000).every((p) => p.v === 1)).toBe(true);
  });

  it('outage ranked below its callers without the inbound signals (the weakness they fix)', async () => {
    const atMs = FAULT_START + MIN;
    const live = await engine.running.rootCause.rank({
      service: 'front-end',
      signal: 'error_rate',
      atMs,
      lookbackMs: 30 * MIN,
    });
    expect(live.ranking.candidates[0]?.node).toBe('carts');
    const ownOnly = new Map(
      [...live.series].map(([node, signals]) => [
        node,
        new Map([...signals].filter(([s]) => !s.startsWith('inbound_'))),
      ]),
    );
    const graph = await engine.running.topology!.reader.graphAt(atMs);
    const edges = graph.mapEdges((_e, attrs, source, target) => ({
      source,
      target,
      virtual: attrs.connectionType,
    }));
    const ranking = rankRootCauses({
      series: ownOnly,
      edges: edges.filter((e) => !(e.source === USER_NODE && e.virtual === 'virtual')),
      anomalyTimeMs: atMs,
      slo: { node: 'front-end', signal: 'error_rate' },
      lookbackMs: 30 * MIN,
    });
    expect(ranking.candidates[0]?.node).not.toBe('carts');
  });

  it('ranks the dead database first when the database is the one down', async () => {
    // carts-db never reports spans of its own: only its callers see it fail.
    const other = await startSimEngine({ alerting: { enabled: false } });
    try {
      await feedSimulation(other, { seed: 12, faults: ['outage:carts-db@+40m/15m'], minutes: 52 });
      const at = new Date(FAULT_START + MIN).toISOString();
      const res = await fetch(
        `${other.api}/api/v1/rootcause?service=front-end&slo=availability&at=${at}&limit=3`,
      );
      const body = (await res.json()) as Answer;
      expect(body.candidates.map((c) => c.node)[0]).toBe('carts-db');
      expect(body.candidates).toHaveLength(3);
    } finally {
      await other.close();
    }
  }, 120_000);
});
