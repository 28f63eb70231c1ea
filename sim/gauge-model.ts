import type { FaultSet } from './faults.js';
import type { Rng } from './random.js';
import { Kind, type SimTrace } from './sim-span.js';
import type { IndexedTopology } from './topology.js';

/** Resource gauges of one node over one step. */
export interface NodeGauge {
  node: string;
  /** CPU utilisation, 0..1. */
  cpu: number;
  /** Resident memory in bytes. */
  memBytes: number;
}

/**
 * The nodes' CPU and memory over each step: CPU is the node's idle share plus a share per
 * request per second plus a little noise, or the level of an active CPU fault; memory is
 * the idle footprint with a slow random drift plus a share per request per second. A node
 * in an outage reports nothing.
 */
export class GaugeModel {
  private readonly drift: Map<string, number>;

  constructor(
    private readonly topology: IndexedTopology,
    private readonly faults: FaultSet,
    private readonly rng: Rng,
  ) {
    this.drift = new Map(topology.nodes.map((n) => [n.name, 0]));
  }

  /**
   * Gauges at the end of [startMs, endMs), given the traces that started in it, each
   * standing for `weight` requests (sampled traces).
   */
  read(traces: readonly SimTrace[], startMs: number, endMs: number, weight = 1): NodeGauge[] {
    const requests = new Map<string, number>();
    for (const t of traces) {
      for (const s of t.spans) {
        // A service's load is what it serves; a database's, cache's or queue's is what its clients ask of it.
        const served = s.kind === Kind.Server || s.kind === Kind.Consumer;
        if (served === (this.topology.byName.get(s.node)?.kind === 'service')) {
          requests.set(s.node, (requests.get(s.node) ?? 0) + weight);
        }
      }
    }
    const gauges: NodeGauge[] = [];
    const seconds = (endMs - startMs) / 1000;
    for (const node of this.topology.nodes) {
      const eff = this.faults.at(node.name, endMs - 1);
      const noise = this.rng.normal();
      const drift = (this.drift.get(node.name) ?? 0) * 0.98 + 0.2 * this.rng.normal();
      this.drift.set(node.name, drift);
      if (eff.outage !== undefined) continue;
      const rps = (requests.get(node.name) ?? 0) / seconds;
      const r = node.resources;
      const load = Math.min(0.97, r.cpuBase + r.cpuPerRps * rps);
      const cpu = (eff.cpuLevel === undefined ? load : Math.max(load, eff.cpuLevel)) + 0.01 * noise;
      const memMb = r.memMb * (1 + 0.01 * drift) + r.memPerRps * rps;
      gauges.push({
        node: node.name,
        cpu: Math.min(1, Math.max(0, cpu)),
        memBytes: Math.round(memMb * 1_048_576),
      });
    }
    return gauges;
  }
}
