import fc from 'fast-check';
import type { Edge, Point, RankInput } from '../../correlate/types.js';
import { seeded } from '../../sim/random.js';

/** Standard normal noise from a uniform PRNG (Box-Muller). */
export function gaussian(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** How to build one synthetic incident. */
export interface SyntheticSpec {
  readonly seed: number;
  /** Services, 3 or more; `svc0` is the entry and owns the SLO. */
  readonly nodes: number;
  /** Index of the faulty service, 1..nodes-1. */
  readonly rootIndex: number;
  /** Size of the fault in standard deviations of the faulty signal. */
  readonly magnitude: number;
  /**
   * The faulty service's direct caller gets a latency rise of this many times the fault
   * (default 0.4): above 1 the caller looks more anomalous than the cause itself.
   */
  readonly callerAmplification?: number;
  /** Chance that a point of a healthy series is a lone spike of 8..25 sigmas (default 0). */
  readonly spikeRate?: number;
}

/** A synthetic incident: its ranker input and the truth. */
export interface SyntheticCase {
  readonly input: RankInput;
  readonly rootCause: string;
  readonly onsetMs: number;
  readonly edges: readonly Edge[];
}

const STEP_MS = 10_000;
const ONSET_MS = Date.UTC(2024, 0, 1, 12);
const BEFORE = 360; // one hour of 10 s buckets
const AFTER = 60; // ten minutes

/**
 * A random call tree below `svc0` (plus a few extra edges to later nodes, so some nodes have
 * two callers), each service with `latency_p99`, `error_rate` and `metric:cpu` at 10 s
 * resolution: Gaussian noise (and optional lone spikes on healthy services) for an hour,
 * then from the onset the faulty service's CPU steps up by `magnitude` sigmas and its
 * latency by half that; its direct caller's latency rises by `callerAmplification` times the
 * fault and every caller further up by 0.5 * 0.8^hops of it, as a slow callee makes its
 * callers slow. The SLO is `svc0`'s `latency_p99`.
 */
export function syntheticCase(spec: SyntheticSpec): SyntheticCase {
  const rand = seeded(spec.seed);
  const noise = gaussian(rand);
  const names = Array.from({ length: spec.nodes }, (_, i) => `svc${i}`);
  const parent: number[] = [-1];
  const edges: Edge[] = [];
  for (let i = 1; i < spec.nodes; i++) {
    parent.push(Math.floor(rand() * i));
    edges.push({ source: names[parent[i]!]!, target: names[i]! });
  }
  for (let i = 1; i < spec.nodes - 1; i++) {
    if (rand() < 0.3) {
      const j = i + 1 + Math.floor(rand() * (spec.nodes - i - 1));
      if (parent[j] !== i) edges.push({ source: names[i]!, target: names[j]! });
    }
  }
  // Latency rise per node, in sigmas: the fault, then the callers on the tree path upwards.
  const latencyRise = new Map<number, number>([[spec.rootIndex, spec.magnitude / 2]]);
  for (let n = parent[spec.rootIndex]!, hops = 1; n >= 0; n = parent[n]!, hops++) {
    latencyRise.set(n, (spec.magnitude / 2) * 0.8 ** hops);
  }
  latencyRise.set(parent[spec.rootIndex]!, spec.magnitude * (spec.callerAmplification ?? 0.4));
  const spikeRate = spec.spikeRate ?? 0;
  const spike = (i: number) =>
    i !== spec.rootIndex && rand() < spikeRate ? (8 + rand() * 17) * (rand() < 0.5 ? -1 : 1) : 0;
  const series = new Map<string, Map<string, Point[]>>();
  names.forEach((name, i) => {
    const lat: Point[] = [];
    const err: Point[] = [];
    const cpu: Point[] = [];
    const latSigma = 2 + rand() * 3;
    const cpuSigma = 1 + rand() * 2;
    for (let k = -BEFORE; k < AFTER; k++) {
      const t = ONSET_MS + k * STEP_MS;
      const faulty = k >= 0;
      const rise = faulty ? (latencyRise.get(i) ?? 0) : 0;
      lat.push({ t, v: 50 + i * 10 + latSigma * (noise() + rise + spike(i)) });
      err.push({ t, v: 0.05 + 0.005 * (noise() + spike(i)) });
      cpu.push({
        t,
        v: 30 + cpuSigma * (noise() + (faulty && i === spec.rootIndex ? spec.magnitude : 0) + spike(i)),
      });
    }
    series.set(
      name,
      new Map([
        ['latency_p99', lat],
        ['error_rate', err],
        ['metric:cpu', cpu],
      ]),
    );
  });
  return {
    input: { series, edges, anomalyTimeMs: ONSET_MS, slo: { node: 'svc0', signal: 'latency_p99' } },
    rootCause: names[spec.rootIndex]!,
    onsetMs: ONSET_MS,
    edges,
  };
}

/** The same input with every point kept with probability `keep` (deterministic by seed). */
export function thinned(input: RankInput, keep: number, seed: number): RankInput {
  const rand = seeded(seed);
  const series = new Map(
    [...input.series].map(([node, bySignal]) => [
      node,
      new Map([...bySignal].map(([signal, points]) => [signal, points.filter(() => rand() < keep)])),
    ]),
  );
  return { ...input, series };
}

/** The same input without the listed `node/signal` series (a node name alone drops all of it). */
export function without(input: RankInput, drop: ReadonlySet<string>): RankInput {
  const series = new Map<string, Map<string, readonly Point[]>>();
  for (const [node, bySignal] of input.series) {
    if (drop.has(node)) continue;
    series.set(node, new Map([...bySignal].filter(([signal]) => !drop.has(`${node}/${signal}`))));
  }
  return { ...input, series };
}

/**
 * A front end whose latency rose at `at` and two callees `a` and `b` whose cpu stepped by
 * the same amount then, with independent noise: equally anomalous, so only other evidence
 * (an alert) separates them. 10 s steps, an hour of history.
 */
export function twoEqualCallees(at: number): RankInput {
  const stepped = (seed: number, rise: number): Point[] => {
    const noise = gaussian(seeded(seed));
    return Array.from({ length: 420 }, (_, i) => {
      const k = i - 360;
      return { t: at + k * 10_000, v: 100 + noise() + (k >= 0 ? rise : 0) };
    });
  };
  return {
    series: new Map([
      ['fe', new Map([['latency_p99', stepped(1, 10)]])],
      ['a', new Map([['cpu', stepped(2, 3)]])],
      ['b', new Map([['cpu', stepped(3, 3)]])],
    ]),
    anomalyTimeMs: at,
    slo: { node: 'fe', signal: 'latency_p99' },
  };
}

/**
 * Incidents whose faulty service's direct caller turns up to `maxCaller` times as anomalous
 * as the fault (further callers less). Closer to 1 the truth gets ambiguous by design: with
 * a short or thinned baseline the noise alone can then reorder the two.
 */
export const specArb = (maxCaller: number): fc.Arbitrary<SyntheticSpec> =>
  fc
    .record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), nodes: fc.integer({ min: 3, max: 9 }) })
    .chain(({ seed, nodes }) =>
      fc.record({
        seed: fc.constant(seed),
        nodes: fc.constant(nodes),
        rootIndex: fc.integer({ min: 1, max: nodes - 1 }),
        magnitude: fc.double({ min: 10, max: 40, noNaN: true }),
        callerAmplification: fc.double({ min: 0.2, max: maxCaller, noNaN: true }),
      }),
    );
