import { Kind } from '../sim-span.js';
import type { SimStep } from '../simulator.js';
import type { Topology } from '../topology.js';

/** The signals of the case format, per node and step. */
export const SIGNALS = [
  'latency_p50',
  'latency_p99',
  'error_rate',
  'requests',
  'cpu',
  'mem',
  'inbound_latency_p99',
  'inbound_error_rate',
] as const;
export type Signal = (typeof SIGNALS)[number];

/** One value of one signal of one node in one step. */
export interface SignalRow {
  /** Start of the step, Unix seconds. */
  time: number;
  node: string;
  signal: Signal;
  value: number;
}

interface Bucket {
  durations: Map<string, number[]>;
  errors: Map<string, number>;
  /** Services as their callers see them: CLIENT/PRODUCER spans to the service. */
  inbound: Map<string, number[]>;
  inboundErrors: Map<string, number>;
  gauges: Map<string, { cpu: number; mem: number }>;
}

/**
 * Computes per-node signals from simulated steps, as a monitoring system would see them:
 * - a service's requests are its SERVER and CONSUMER spans; a database's, cache's or
 *   queue's are its clients' CLIENT and PRODUCER spans to it;
 * - `latency_p50` / `latency_p99` (ms, nearest rank) and `error_rate` (0..1) over the
 *   requests that ended in the step, `requests` per second (0 when none);
 * - `cpu` (0..1) and `mem` (bytes) are the node's gauges; a node in an outage has none;
 * - for services, `inbound_latency_p99` and `inbound_error_rate` from their callers' CLIENT
 *   spans to them: the per-edge series the engine keeps, folded into the callee, which is
 *   what still shows a service that is down and reports nothing itself.
 * A step with no requests has no latency or error-rate row.
 */
export class NodeSignals {
  private readonly buckets = new Map<number, Bucket>();
  private readonly measured: ReadonlyMap<string, 'served' | 'called'>;

  constructor(
    private readonly topology: Topology,
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly stepMs: number,
  ) {
    this.measured = new Map(topology.nodes.map((n) => [n.name, n.kind === 'service' ? 'served' : 'called']));
  }

  /** Adds a step's spans (counted in the step their end falls in) and gauges. */
  add(step: SimStep): void {
    for (const t of step.traces) {
      for (const s of t.spans) {
        const served = s.kind === Kind.Server || s.kind === Kind.Consumer;
        const b = this.bucket(s.endUs / 1000);
        if (b === undefined) continue;
        const failed = s.error || (s.httpStatus ?? 0) >= 500;
        if (!served && this.measured.get(s.node) === 'served') {
          push(b.inbound, s.node, (s.endUs - s.startUs) / 1000);
          if (failed) b.inboundErrors.set(s.node, (b.inboundErrors.get(s.node) ?? 0) + 1);
        }
        if ((served ? 'served' : 'called') !== this.measured.get(s.node)) continue;
        push(b.durations, s.node, (s.endUs - s.startUs) / 1000);
        if (failed) b.errors.set(s.node, (b.errors.get(s.node) ?? 0) + 1);
      }
    }
    const b = this.bucket(step.startMs);
    for (const g of step.gauges) b?.gauges.set(g.node, { cpu: g.cpu, mem: g.memBytes });
  }

  /** Every row, by time, then node in topology order, then signal. */
  rows(): SignalRow[] {
    const rows: SignalRow[] = [];
    const seconds = this.stepMs / 1000;
    for (let i = 0; this.fromMs + i * this.stepMs < this.toMs; i++) {
      const b = this.buckets.get(i);
      const time = (this.fromMs + i * this.stepMs) / 1000;
      for (const { name: node } of this.topology.nodes) {
        const d = b?.durations.get(node)?.sort((x, y) => x - y) ?? [];
        const inbound = b?.inbound.get(node)?.sort((x, y) => x - y) ?? [];
        const values: Record<Signal, number | undefined> = {
          latency_p50: d.length > 0 ? rank(d, 0.5) : undefined,
          latency_p99: d.length > 0 ? rank(d, 0.99) : undefined,
          error_rate: d.length > 0 ? (b?.errors.get(node) ?? 0) / d.length : undefined,
          requests: d.length / seconds,
          cpu: b?.gauges.get(node)?.cpu,
          mem: b?.gauges.get(node)?.mem,
          inbound_latency_p99: inbound.length > 0 ? rank(inbound, 0.99) : undefined,
          inbound_error_rate:
            inbound.length > 0 ? (b?.inboundErrors.get(node) ?? 0) / inbound.length : undefined,
        };
        for (const signal of SIGNALS) {
          const value = values[signal];
          if (value !== undefined) rows.push({ time, node, signal, value });
        }
      }
    }
    return rows;
  }

  private bucket(tMs: number): Bucket | undefined {
    if (tMs < this.fromMs || tMs >= this.toMs) return undefined;
    const i = Math.floor((tMs - this.fromMs) / this.stepMs);
    let b = this.buckets.get(i);
    if (b === undefined) {
      b = {
        durations: new Map(),
        errors: new Map(),
        inbound: new Map(),
        inboundErrors: new Map(),
        gauges: new Map(),
      };
      this.buckets.set(i, b);
    }
    return b;
  }
}

function push(m: Map<string, number[]>, key: string, v: number): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [v]);
  else list.push(v);
}

/** Nearest-rank percentile of sorted values. */
function rank(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}
