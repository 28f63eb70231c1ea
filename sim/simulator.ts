import { invalid } from './errors.js';
import { type Fault, FaultSet } from './faults.js';
import { GaugeModel, type NodeGauge } from './gauge-model.js';
import { DEFAULT_LOAD, LoadModel, type LoadShape } from './load-shape.js';
import { Rng } from './random.js';
import type { SimTrace } from './sim-span.js';
import { sockshop } from './topologies/sockshop.js';
import { type IndexedTopology, indexTopology, type Topology } from './topology.js';
import { TraceGenerator } from './trace-generator.js';

export type { NodeGauge } from './gauge-model.js';

/** What to simulate. Only `seed` and `fromMs` are required. */
export interface SimulationOptions {
  /** Same seed and options, same output, byte for byte. */
  seed: number;
  /** Event time of the first step, Unix epoch ms. */
  fromMs: number;
  /** End of the last step (exclusive), Unix epoch ms; omitted means endless. */
  toMs?: number;
  /** Step length in ms (default 10 000). Traces are drawn per step; gauges are read per step. */
  stepMs?: number;
  /** The simulated system (default {@link sockshop}). */
  topology?: Topology;
  /** Load shape; missing fields take {@link DEFAULT_LOAD}. */
  load?: Partial<LoadShape>;
  faults?: readonly Fault[];
  /**
   * Keep one trace in this many (a whole number, default 1): the head sampling of a real
   * deployment, made cheap. Only that share of traces is generated, each span carries the
   * OTEP 235 threshold that says so (`ot=th:...`), and the metrics still count every
   * request, as an SDK's instruments do whatever the sampler drops.
   */
  sampleOneIn?: number;
}

/** One step of simulated time: the traces that started in it and the nodes' gauges at its end. */
export interface SimStep {
  startMs: number;
  endMs: number;
  traces: SimTrace[];
  /** One per node that is up; a node in an outage reports nothing. */
  gauges: NodeGauge[];
  /** How many requests each trace of the step stands for ({@link SimulationOptions.sampleOneIn}). */
  weight: number;
}

/** Resolved options, shared by the simulator's consumers. */
export interface ResolvedSimulation {
  seed: number;
  fromMs: number;
  toMs: number;
  stepMs: number;
  topology: IndexedTopology;
  load: LoadShape;
  faults: FaultSet;
  sampleOneIn: number;
}

/** Validates and fills in the defaults of `options`. */
export function resolveSimulation(options: SimulationOptions): ResolvedSimulation {
  const stepMs = options.stepMs ?? 10_000;
  const toMs = options.toMs ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(options.seed)) throw invalid('seed: expected an integer', { field: 'seed' });
  if (!(stepMs >= 1)) throw invalid('step: expected at least 1 ms', { field: 'step' });
  if (!Number.isFinite(options.fromMs)) throw invalid('from: expected a time', { field: 'from' });
  if (!(toMs > options.fromMs)) throw invalid('to: must be after from', { field: 'to' });
  const load = { ...DEFAULT_LOAD, ...options.load };
  if (!(load.rate >= 0) || !(load.amplitude >= 0 && load.amplitude <= 1)) {
    throw invalid('load: rate must be >= 0 and amplitude within 0..1', { field: 'load' });
  }
  const sampleOneIn = options.sampleOneIn ?? 1;
  if (!(Number.isSafeInteger(sampleOneIn) && sampleOneIn >= 1)) {
    throw invalid('sampleOneIn: expected a whole number of at least 1', { field: 'sampleOneIn' });
  }
  const topology = indexTopology(options.topology ?? sockshop);
  return {
    seed: options.seed,
    fromMs: options.fromMs,
    toMs,
    stepMs,
    topology,
    load,
    faults: new FaultSet(options.faults ?? [], topology),
    sampleOneIn,
  };
}

/**
 * Runs the simulation in event time and yields one {@link SimStep} per step, as fast as the
 * caller pulls them: a day of 10 s steps is 8 640 steps.
 */
export function* simulate(options: SimulationOptions | ResolvedSimulation): Generator<SimStep> {
  const sim =
    options.faults instanceof FaultSet
      ? (options as ResolvedSimulation)
      : resolveSimulation(options as SimulationOptions);
  const root = new Rng(sim.seed);
  const arrivals = root.fork('arrivals');
  const load = new LoadModel(sim.load, root.fork('load'), 1 / sim.sampleOneIn);
  const weight = sim.sampleOneIn;
  const generator = new TraceGenerator(sim.topology, sim.faults, root.fork('traces'));
  const gauges = new GaugeModel(sim.topology, sim.faults, root.fork('gauges'));
  for (let startMs = sim.fromMs; startMs < sim.toMs; startMs += sim.stepMs) {
    const endMs = Math.min(startMs + sim.stepMs, sim.toMs);
    const n = load.tracesInStep(startMs, endMs - startMs);
    const starts = Array.from(
      { length: n },
      () => startMs * 1000 + Math.floor(arrivals.next() * (endMs - startMs) * 1000),
    );
    starts.sort((a, b) => a - b);
    const traces = starts.map((us) => generator.trace(us));
    yield { startMs, endMs, traces, gauges: gauges.read(traces, startMs, endMs, weight), weight };
  }
}
