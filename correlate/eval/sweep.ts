import { resample } from '../correlation.js';
import type { NodeSeries, Point, RankInput } from '../types.js';

/** One robustness variant of `rca-eval --sweep`: a name and how it changes a case's input. */
export interface SweepVariant {
  readonly name: string;
  readonly perturb: (input: RankInput, caseDir: string) => RankInput;
}

/**
 * The `--sweep` variants: the anomaly time given -120..+120 s off, the series averaged onto
 * coarser steps (10 s, 1 min, 5 min), 30 % of the signals dropped (chosen by a hash of the
 * case and signal, so every method loses the same ones), no graph, and a shuffled graph
 * (the same edges with their targets permuted).
 */
export function sweepVariants(): SweepVariant[] {
  const shifts = [-120, -60, 60, 120].map((s) => ({
    name: `time ${s > 0 ? '+' : ''}${s}s`,
    perturb: (input: RankInput) => ({ ...input, anomalyTimeMs: input.anomalyTimeMs + s * 1000 }),
  }));
  const steps = [10_000, 60_000, 300_000].map((step) => ({
    name: `step ${step >= 60_000 ? `${step / 60_000}m` : `${step / 1000}s`}`,
    perturb: (input: RankInput) => ({ ...input, series: coarser(input.series, step) }),
  }));
  return [
    ...shifts,
    ...steps,
    {
      name: 'drop 30% signals',
      perturb: (input, dir) => ({ ...input, series: dropSignals(input.series, 0.3, dir) }),
    },
    { name: 'no graph', perturb: (input) => ({ ...input, edges: [] }) },
    { name: 'shuffled graph', perturb: (input, dir) => ({ ...input, edges: shuffledEdges(input, dir) }) },
  ];
}

/** Every series averaged onto a grid of `step` ms (a series already that coarse is kept). */
export function coarser(series: NodeSeries, step: number): NodeSeries {
  const out = new Map<string, Map<string, Point[]>>();
  for (const [node, signals] of series) {
    const m = new Map<string, Point[]>();
    for (const [signal, points] of signals) {
      if (points.length === 0) continue;
      const from = Math.floor(Math.min(...points.map((p) => p.t)) / step) * step;
      const to = Math.max(...points.map((p) => p.t)) + 1;
      const cells = resample(points, from, to, step);
      m.set(
        signal,
        [...cells].sort((a, b) => a[0] - b[0]).map(([cell, v]) => ({ t: from + cell * step, v })),
      );
    }
    out.set(node, m);
  }
  return out;
}

/** Drops about `share` of all signals, chosen by a hash of `salt`, node and signal. */
export function dropSignals(series: NodeSeries, share: number, salt: string): NodeSeries {
  const out = new Map<string, Map<string, readonly Point[]>>();
  for (const [node, signals] of series) {
    const m = new Map<string, readonly Point[]>();
    for (const [signal, points] of signals)
      if (unit(`${salt}\u0000${node}\u0000${signal}`) >= share) m.set(signal, points);
    out.set(node, m);
  }
  return out;
}

/** The case's edges with their targets permuted (a deterministic shuffle by `salt`). */
export function shuffledEdges(input: RankInput, salt: string): RankInput['edges'] {
  const edges = input.edges ?? [];
  const targets = edges.map((e) => e.target);
  const keyed = targets.map((t, i) => ({ t, k: unit(`${salt}\u0000${i}`) })).sort((a, b) => a.k - b.k);
  return edges.map((e, i) => ({ source: e.source, target: keyed[i]!.t }));
}

/**
 * A deterministic value in [0, 1) from a string: FNV-1a, then MurmurHash3's finaliser, since
 * FNV alone leaves the top bits nearly equal for strings that differ only at the end (in a
 * test, all 200 signals of one node survived a 30 % drop).
 */
function unit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
