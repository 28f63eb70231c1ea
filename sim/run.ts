import { setTimeout as sleep } from 'node:timers/promises';
import type { Emitter } from './emitter.js';
import { invalid } from './errors.js';
import { type GroundTruth, groundTruthOf } from './faults.js';
import { MetricsRecorder, type Temporality } from './metric-series.js';
import { MetricsEncoder } from './otlp-metrics.js';
import { TraceEncoder } from './otlp-traces.js';
import { hex } from './random.js';
import { samplingTraceState } from './sampling.js';
import type { SimSpan, SimTrace } from './sim-span.js';
import { resolveSimulation, type SimulationOptions, simulate } from './simulator.js';

/** Options of {@link runSimulation}: the simulation, plus how its output is packaged and paced. */
export interface RunOptions extends SimulationOptions {
  /**
   * How spans are grouped into payloads: `'trace'` puts each trace in its own payload,
   * keyed by trace id (the Collector's `partition_traces_by_id`); a number packs whole
   * traces into payloads of about that many spans (default 500, the Collector's batch size).
   */
  batch?: 'trace' | number;
  /** Counter and histogram temporality (default cumulative, the SDK default). */
  temporality?: Temporality;
  /**
   * Pace: omitted runs as fast as possible in event time; otherwise event time advances
   * `speed` times as fast as the wall clock from the start of the run, and each step is
   * emitted when its end is reached: `1` with `fromMs` = now is live, `60` replays an hour
   * a minute.
   */
  speed?: number;
  /** Emit metrics (default true); false sends traces only. */
  metrics?: boolean;
  /** Stops the run between steps (the summary then covers what was emitted). */
  signal?: AbortSignal;
  /** Called after each step with the running totals. */
  onStep?: (summary: RunSummary) => void;
}

/** What a run produced. */
export interface RunSummary {
  steps: number;
  traces: number;
  spans: number;
  metricPoints: number;
  payloads: number;
  /** Event time covered, Unix epoch ms. */
  fromMs: number;
  toMs: number;
  groundTruth: GroundTruth[];
}

/**
 * Runs a simulation and hands every payload to `emitter`: first the ground truth, then per
 * step the step's traces (packed per {@link RunOptions.batch}) and its metrics. The emitter
 * is closed at the end, also on failure.
 */
export async function runSimulation(options: RunOptions, emitter: Emitter): Promise<RunSummary> {
  let sim: ReturnType<typeof resolveSimulation>;
  const batch = options.batch ?? 500;
  try {
    sim = resolveSimulation(options);
    if (batch !== 'trace' && !(Number.isInteger(batch) && batch > 0)) {
      throw invalid("batch: expected 'trace' or a positive number of spans", { field: 'batch' });
    }
    if (options.speed !== undefined && !(options.speed > 0))
      throw invalid('speed: expected > 0', { field: 'speed' });
  } catch (err) {
    await emitter.close();
    throw err;
  }
  const traces = new TraceEncoder(sim.topology, samplingTraceState(sim.sampleOneIn));
  const recorder = new MetricsRecorder(sim.fromMs, options.temporality);
  const metrics = new MetricsEncoder(sim.topology);
  const summary: RunSummary = {
    steps: 0,
    traces: 0,
    spans: 0,
    metricPoints: 0,
    payloads: 0,
    fromMs: sim.fromMs,
    toMs: sim.fromMs,
    groundTruth: sim.faults.faults.map(groundTruthOf),
  };
  const wallStart = Date.now();
  try {
    await emitter.groundTruth?.(summary.groundTruth);
    for (const step of simulate(sim)) {
      if (options.signal?.aborted) break;
      if (options.speed !== undefined) {
        const due = wallStart + (step.endMs - sim.fromMs) / options.speed;
        const wait = due - Date.now();
        if (wait > 0) await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
        if (options.signal?.aborted) break;
      }
      for (const group of pack(step.traces, batch)) {
        await emitter.emit({
          signal: 'traces',
          bytes: traces.bytes(group.spans),
          ...(group.traceId === undefined ? {} : { traceId: group.traceId }),
          spans: group.spans.length,
          timeMs: step.startMs,
        });
        summary.spans += group.spans.length;
        summary.payloads++;
      }
      if (options.metrics !== false) {
        const snapshot = recorder.record(step);
        const points = snapshot.nodes.reduce((n, x) => n + 2 + 2 * x.series.length, 0);
        await emitter.emit({ signal: 'metrics', bytes: metrics.bytes(snapshot), points, timeMs: step.endMs });
        summary.payloads++;
        summary.metricPoints += points;
      }
      summary.traces += step.traces.length;
      summary.steps++;
      summary.toMs = step.endMs;
      options.onStep?.(summary);
    }
  } finally {
    await emitter.close();
  }
  return summary;
}

/** Groups whole traces: one per group, or about `maxSpans` spans per group. */
export function pack(
  traces: readonly SimTrace[],
  batch: 'trace' | number,
): Array<{ spans: SimSpan[]; traceId?: string }> {
  if (batch === 'trace') return traces.map((t) => ({ spans: t.spans, traceId: hex(t.traceId) }));
  const groups: Array<{ spans: SimSpan[] }> = [];
  let current: SimSpan[] = [];
  for (const t of traces) {
    if (current.length > 0 && current.length + t.spans.length > batch) {
      groups.push({ spans: current });
      current = [];
    }
    for (const s of t.spans) current.push(s);
  }
  if (current.length > 0) groups.push({ spans: current });
  return groups;
}
