import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FaultlineError } from '../../core/faultline-error.js';
import { SimErrorCode } from '../errors.js';
import { type GroundTruth, groundTruthOf } from '../faults.js';
import type { LoadShape } from '../load-shape.js';
import { simulate } from '../simulator.js';
import { sockshop } from '../topologies/sockshop.js';
import { type Topology, topologyEdges } from '../topology.js';
import { type CasePlan, planCases } from './case-plan.js';
import { NodeSignals, type SignalRow } from './node-signals.js';

/** Options of {@link writeCases}. */
export interface CaseWriterOptions {
  /** Directory to write the case directories into (created if missing). */
  outDir: string;
  count: number;
  seed: number;
  topology?: Topology;
  /** Load shape of every case (default: 10 traces per second on average, the usual daily shape). */
  load?: Partial<LoadShape>;
  /** Metrics before the fault start (default 30 minutes). */
  lookbackMs?: number;
  /** Metrics after the fault start (default 10 minutes); the fault lasts as long. */
  afterMs?: number;
  /** Step of metrics.csv (default 10 s). */
  stepMs?: number;
  /** Called after each case is written. */
  onCase?: (summary: CaseSummary) => void;
}

/** What was written for one case. */
export interface CaseSummary {
  id: string;
  dir: string;
  truth: GroundTruth;
  slo: CasePlan['slo'];
  /** Mean of the SLO signal before the fault and while it lasts. */
  sloBefore: number;
  sloDuring: number;
  rows: number;
}

/**
 * Writes `count` root-cause cases, one directory each (see {@link planCases} for how faults
 * are chosen), in the neutral case format:
 * - `case.json`: `{"anomalyTime", "slo": {"node", "signal"}, "rootCause"}`; `anomalyTime` is
 *   the fault start (Unix seconds), the SLO node the entry service;
 * - `metrics.csv`: `time,node,signal,value`, see {@link NodeSignals}, from `lookbackMs`
 *   before the fault start to `afterMs` after it;
 * - `graph.csv`: `source,target`, caller → callee edges of the topology;
 * - `fault.json`: the ground truth (fault type, target, magnitude, start, end) and the SLO
 *   signal's mean before and during the fault (informational; readers need not use it).
 */
export async function writeCases(options: CaseWriterOptions): Promise<CaseSummary[]> {
  const topology = options.topology ?? sockshop;
  const stepMs = options.stepMs ?? 10_000;
  const lookbackMs = options.lookbackMs ?? 1_800_000;
  const afterMs = options.afterMs ?? 600_000;
  const plans = planCases(options.count, options.seed, topology, { faultMs: afterMs });
  const graph = `source,target\n${topologyEdges(topology)
    .map((e) => `${e.source},${e.target}\n`)
    .join('')}`;
  const out: CaseSummary[] = [];
  for (const plan of plans) {
    const fromMs = plan.fault.startMs - lookbackMs;
    const toMs = plan.fault.startMs + afterMs;
    const signals = new NodeSignals(topology, fromMs, toMs, stepMs);
    const steps = simulate({
      seed: plan.seed,
      fromMs,
      toMs,
      stepMs,
      topology,
      load: { rate: 10, ...options.load },
      faults: [plan.fault],
    });
    for (const step of steps) signals.add(step);
    const rows = signals.rows();
    const truth = groundTruthOf(plan.fault);
    const slo = rows.filter((r) => r.node === plan.slo.node && r.signal === plan.slo.signal);
    const before = mean(slo.filter((r) => r.time * 1000 < plan.fault.startMs));
    const during = mean(slo.filter((r) => r.time * 1000 >= plan.fault.startMs));
    const dir = join(options.outDir, plan.id);
    const caseJson = { anomalyTime: plan.fault.startMs / 1000, slo: plan.slo, rootCause: plan.fault.target };
    const fault = { ...truth, seed: plan.seed, slo: plan.slo, sloBefore: before, sloDuring: during };
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'case.json'), `${JSON.stringify(caseJson)}\n`);
      await writeFile(join(dir, 'metrics.csv'), csv(rows));
      await writeFile(join(dir, 'graph.csv'), graph);
      await writeFile(join(dir, 'fault.json'), `${JSON.stringify(fault, null, 2)}\n`);
    } catch (err) {
      throw new FaultlineError(
        SimErrorCode.Emit,
        `cases: ${(err as Error).message}`,
        { dir },
        { cause: err },
      );
    }
    const summary = {
      id: plan.id,
      dir,
      truth,
      slo: plan.slo,
      sloBefore: before,
      sloDuring: during,
      rows: rows.length,
    };
    options.onCase?.(summary);
    out.push(summary);
  }
  return out;
}

const DIGITS: Record<SignalRow['signal'], number> = {
  latency_p50: 3,
  latency_p99: 3,
  error_rate: 6,
  requests: 3,
  cpu: 4,
  mem: 0,
  inbound_latency_p99: 3,
  inbound_error_rate: 6,
};

function csv(rows: readonly SignalRow[]): string {
  const lines = ['time,node,signal,value'];
  for (const r of rows)
    lines.push(`${r.time},${r.node},${r.signal},${Number(r.value.toFixed(DIGITS[r.signal]))}`);
  return `${lines.join('\n')}\n`;
}

function mean(rows: readonly SignalRow[]): number {
  if (rows.length === 0) return 0;
  return Number((rows.reduce((a, r) => a + r.value, 0) / rows.length).toFixed(6));
}
