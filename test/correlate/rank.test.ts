import { describe, expect, it } from 'vitest';
import { hasCode } from '../../core/faultline-error.js';
import { CorrelateErrorCode } from '../../correlate/errors.js';
import { rankRootCauses as rankWith } from '../../correlate/rank.js';
import type { Edge, Point, RankInput, RankOptions } from '../../correlate/types.js';
import { seeded } from '../../sim/random.js';
import { gaussian, syntheticCase } from './synthetic.js';

/** These are the classic ranker's properties (the calibrated ranker's are in calibrated-*.test.ts). */
const rankRootCauses = (input: RankInput, options: Partial<RankOptions> = {}) =>
  rankWith(input, { ranker: 'classic', ...options });

const T = Date.UTC(2024, 0, 1, 12);
const STEP = 10_000;

/** 60 min of baseline and 10 min after `T`, noise sigma 1 around `level`, plus `step` from T. */
function series(seed: number, level: number, step = 0, spikeAt?: number): Point[] {
  const noise = gaussian(seeded(seed));
  const out: Point[] = [];
  for (let k = -360; k < 60; k++) {
    out.push({ t: T + k * STEP, v: level + noise() + (k >= 0 ? step : 0) + (k === spikeAt ? 500 : 0) });
  }
  return out;
}

function input(
  nodes: Record<string, Record<string, Point[]>>,
  edges: Edge[],
  slo = { node: 'fe', signal: 'lat' },
): RankInput {
  const s = new Map(Object.entries(nodes).map(([n, sig]) => [n, new Map(Object.entries(sig))]));
  return { series: s, edges, anomalyTimeMs: T, slo };
}

const EDGES: Edge[] = [
  { source: 'fe', target: 'api' },
  { source: 'api', target: 'db' },
  { source: 'batch', target: 'db' },
];

describe('rankRootCauses: candidates', () => {
  const nodes = {
    fe: { lat: series(1, 100, 10), cpu: series(2, 50) },
    api: { lat: series(3, 80, 8), cpu: series(4, 50) },
    db: { cpu: series(5, 50, 20) },
    batch: { cpu: series(6, 50, 80) }, // far more anomalous, but nothing the SLO node calls
  };

  it('ranks the SLO node and what it calls, transitively, with call paths', () => {
    const r = rankRootCauses(input(nodes, EDGES));
    expect(r.usedTopology).toBe(true);
    expect(r.candidates.map((c) => c.node)).toEqual(['db', 'api', 'fe']);
    expect(r.candidates[0]).toMatchObject({
      rank: 1,
      node: 'db',
      path: ['fe', 'api', 'db'],
      explainedBy: null,
    });
  });

  it('ranks every node without topology, or when the topology does not know the SLO node', () => {
    for (const r of [
      rankRootCauses(input(nodes, [])),
      rankRootCauses(input(nodes, [{ source: 'x', target: 'y' }])),
    ]) {
      expect(r.usedTopology).toBe(false);
      expect(r.candidates[0]?.node).toBe('batch');
      expect(r.candidates.every((c) => c.path === null)).toBe(true);
      expect(r.candidates).toHaveLength(4);
    }
  });

  it('never uses the failing SLI as evidence, but correlates the other signals with it', () => {
    const r = rankRootCauses(input(nodes, EDGES));
    expect(r.sliAvailable).toBe(true);
    const fe = r.candidates.find((c) => c.node === 'fe')!;
    expect(fe.signals.map((s) => s.signal)).toEqual(['cpu']);
    const db = r.candidates.find((c) => c.node === 'db')!;
    expect(db.signals[0]?.correlation).toBeGreaterThan(0.9);
    expect(db.signals[0]?.score).toBeCloseTo(
      db.signals[0]!.anomaly * (0.5 + 0.5 * db.signals[0]!.correlation!),
      10,
    );
  });

  it('ranks without correlation when the SLI has no series', () => {
    const r = rankRootCauses(input(nodes, EDGES, { node: 'fe', signal: 'missing' }));
    expect(r.sliAvailable).toBe(false);
    expect(r.candidates.flatMap((c) => c.signals).every((s) => s.correlation === null)).toBe(true);
    expect(r.candidates[0]?.node).toBe('db');
  });
});

describe('rankRootCauses: evidence and bookkeeping', () => {
  it('ranks a node once however many of its signals stand out, keeping its best signals as evidence', () => {
    const r = rankRootCauses(
      input(
        {
          fe: { lat: series(1, 100, 5) },
          api: { a: series(2, 1, 30), b: series(3, 1, 20), c: series(4, 1, 10), d: series(5, 1) },
        },
        [{ source: 'fe', target: 'api' }],
      ),
    );
    expect(r.candidates.map((c) => c.node)).toEqual(['api']);
    expect(r.candidates[0]?.signals.map((s) => s.signal)).toEqual(['a', 'b', 'c']);
    expect(r.unscored).toEqual(['fe']);
  });

  it('lists candidates without a usable series as unscored instead of ranking them', () => {
    const sparse = series(7, 50, 30).filter((p) => p.t >= T - 3 * STEP);
    const r = rankRootCauses(
      input({ fe: { lat: series(1, 100, 5), cpu: series(2, 5) }, api: { cpu: sparse } }, [
        { source: 'fe', target: 'api' },
        { source: 'fe', target: 'cache' },
      ]),
    );
    expect(r.candidates.map((c) => c.node)).toEqual(['fe']);
    expect([...r.unscored].sort()).toEqual(['api', 'cache']);
  });

  it('does not take one lone outlier point for an anomaly', () => {
    const r = rankRootCauses(
      input(
        {
          fe: { lat: series(1, 100, 5) },
          spiky: { cpu: series(2, 50, 0, 10) },
          slow: { cpu: series(3, 50, 8) },
        },
        [
          { source: 'fe', target: 'spiky' },
          { source: 'fe', target: 'slow' },
        ],
      ),
    );
    expect(r.candidates.map((c) => c.node)).toEqual(['slow', 'spiky']);
    expect(r.candidates[1]!.signals[0]!.anomaly).toBeLessThan(5);
  });

  it('is pure: the same answer twice, and the input untouched', () => {
    const c = syntheticCase({ seed: 11, nodes: 6, rootIndex: 3, magnitude: 15 });
    const before = JSON.stringify([...c.input.series].map(([n, s]) => [n, [...s]]));
    expect(rankRootCauses(c.input)).toEqual(rankRootCauses(c.input));
    expect(JSON.stringify([...c.input.series].map(([n, s]) => [n, [...s]]))).toBe(before);
  });

  it('rejects a non-finite anomaly time and bad options with a stable code', () => {
    const base = input({ fe: { lat: series(1, 1) } }, []);
    const bad: Array<() => unknown> = [
      () => rankRootCauses({ ...base, anomalyTimeMs: Number.NaN }),
      () => rankRootCauses(base, { correlationWeight: 2 }),
      () => rankRootCauses(base, { guardMs: 10, lookbackMs: 5 }),
      () => rankRootCauses({ ...base, lookbackMs: -1 }),
      () => rankRootCauses(base, { sustainPoints: 0 }),
    ];
    for (const f of bad) {
      expect(f).toThrow();
      try {
        f();
      } catch (err) {
        expect(hasCode(err, CorrelateErrorCode.InvalidInput)).toBe(true);
      }
    }
  });
});

describe('rankRootCauses: topology (explained-by-callee)', () => {
  // The caller's anomaly is 1.2 times its callee's: alone it would win.
  const nodes = {
    fe: { lat: series(1, 100, 5) },
    caller: { lat: series(2, 50, 24) },
    callee: { cpu: series(3, 50, 20) },
  };
  const edges = [
    { source: 'fe', target: 'caller' },
    { source: 'caller', target: 'callee' },
  ];

  it('puts an anomalous callee above a caller that is somewhat more anomalous', () => {
    const r = rankRootCauses(input(nodes, edges), { correlationWeight: 0 });
    expect(r.candidates.map((c) => c.node).slice(0, 2)).toEqual(['callee', 'caller']);
    const caller = r.candidates[1]!;
    expect(caller.explainedBy).toBe('callee');
    expect(caller.ownScore).toBeGreaterThan(r.candidates[0]!.score);
  });

  it('keeps the caller first without topology', () => {
    const r = rankRootCauses(input(nodes, []), { correlationWeight: 0 });
    expect(r.candidates[0]?.node).toBe('caller');
  });
});

describe('rankRootCauses: a late anomaly time', () => {
  it('keeps the fault out of a short baseline thanks to the guard before the anomaly time', () => {
    const c = syntheticCase({ seed: 5, nodes: 5, rootIndex: 2, magnitude: 20 });
    const late = { ...c.input, anomalyTimeMs: c.onsetMs + 120_000, lookbackMs: 5 * 60_000 };
    const anomalyOf = (guardMs: number) =>
      rankRootCauses(late, { guardMs }).candidates.find((x) => x.node === c.rootCause)!.signals[0]!.anomaly;
    expect(rankRootCauses(late).candidates[0]?.node).toBe(c.rootCause);
    expect(anomalyOf(120_000)).toBeGreaterThan(2 * anomalyOf(0));
  });
});
