import { positiveOption } from './errors.js';
import type { GraphStore } from './graph-store.js';
import { buildServiceGraph, type ServiceGraph } from './service-graph.js';

export const DEFAULT_EDGE_TTL_MS = 3_600_000;

/**
 * Reads the service graph as of an instant: the edges seen in `[at - edgeTtlMs, at]`, with
 * their statistics over that window. An edge not seen for `edgeTtlMs` is not in the graph.
 */
export class TopologyReader {
  readonly edgeTtlMs: number;

  constructor(
    private readonly store: GraphStore,
    edgeTtlMs: number = DEFAULT_EDGE_TTL_MS,
  ) {
    this.edgeTtlMs = positiveOption('edgeTtlMs', edgeTtlMs);
  }

  /** How far back a graph can be read, ms (the store's retention). */
  get retentionMs(): number {
    return this.store.retentionMs;
  }

  /** The graph as of `atMs` (Unix epoch ms). */
  async graphAt(atMs: number): Promise<ServiceGraph> {
    const edges = await this.store.read({ fromMs: atMs - this.edgeTtlMs, toMs: atMs });
    return buildServiceGraph(edges);
  }
}
