import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * The latency buckets of the OpenTelemetry Collector's servicegraph connector (and Tempo's
 * metrics generator), in seconds, so dashboards built for them read faultline unchanged.
 */
export const SERVICE_GRAPH_BUCKETS: readonly number[] = [
  0.002, 0.004, 0.006, 0.008, 0.01, 0.05, 0.1, 0.2, 0.4, 0.8, 1, 1.4, 2, 5, 10, 15,
];

const LABELS = ['client', 'server', 'connection_type'] as const;
type EdgeLabels = Record<(typeof LABELS)[number], string>;

/** One completed call along an edge, in the connector's vocabulary. */
export interface ServiceGraphCall {
  client: string;
  server: string;
  /** '' for a direct call, else `virtual_node`, `messaging_system` or `database`. */
  connectionType: string;
  failed: boolean;
  /** Seconds, when the caller's span was seen. */
  clientSeconds?: number;
  /** Seconds, when the callee's span was seen. */
  serverSeconds?: number;
}

export interface ServiceGraphMetricsOptions {
  /** Most edges exposed at once (the topology's `maxEdges`); further ones count on the overflow edge. */
  maxEdges: number;
  /** An edge without calls for this long leaves /metrics, freeing its place (the topology's edge TTL). */
  edgeIdleMs: number;
  /** The node name of the overflow edge. */
  overflowNode: string;
  now?: () => number;
}

/**
 * The service graph as the Collector's servicegraph connector exposes it:
 * `traces_service_graph_request_total`, `..._request_failed_total`, and the
 * `..._request_server_seconds` / `..._request_client_seconds` histograms, labelled
 * `client`, `server`, `connection_type`. Counted per process as calls complete (Prometheus
 * sums instances), with at most `maxEdges` edges at a time.
 */
export class ServiceGraphMetrics {
  private readonly total: Counter<(typeof LABELS)[number]>;
  private readonly failed: Counter<(typeof LABELS)[number]>;
  private readonly serverSeconds: Histogram<(typeof LABELS)[number]>;
  private readonly clientSeconds: Histogram<(typeof LABELS)[number]>;
  private readonly edges = new Map<string, { labels: EdgeLabels; lastSeenMs: number }>();
  private readonly now: () => number;
  /** No sweep before this time: see `admit`. */
  private nextSweepMs = Number.NEGATIVE_INFINITY;

  constructor(
    registry: Registry,
    private readonly o: ServiceGraphMetricsOptions,
  ) {
    this.now = o.now ?? Date.now;
    const common = { labelNames: LABELS, registers: [registry] };
    this.total = new Counter({
      name: 'traces_service_graph_request_total',
      help: 'Requests between two nodes of the service graph.',
      ...common,
    });
    this.failed = new Counter({
      name: 'traces_service_graph_request_failed_total',
      help: 'Failed requests between two nodes of the service graph.',
      ...common,
    });
    const buckets = [...SERVICE_GRAPH_BUCKETS];
    this.serverSeconds = new Histogram({
      name: 'traces_service_graph_request_server_seconds',
      help: 'Request duration as seen by the server.',
      buckets,
      ...common,
    });
    this.clientSeconds = new Histogram({
      name: 'traces_service_graph_request_client_seconds',
      help: 'Request duration as seen by the client.',
      buckets,
      ...common,
    });
  }

  observe(call: ServiceGraphCall): void {
    const labels = this.admit({
      client: call.client,
      server: call.server,
      connection_type: call.connectionType,
    });
    this.total.inc(labels);
    if (call.failed) this.failed.inc(labels);
    if (call.serverSeconds !== undefined) this.serverSeconds.observe(labels, call.serverSeconds);
    if (call.clientSeconds !== undefined) this.clientSeconds.observe(labels, call.clientSeconds);
  }

  /** The edge's labels, or the overflow edge's when it is new and `maxEdges` are exposed. */
  private admit(labels: EdgeLabels): EdgeLabels {
    const key = `${labels.client}\u0000${labels.server}\u0000${labels.connection_type}`;
    const now = this.now();
    const known = this.edges.get(key);
    if (known) {
      known.lastSeenMs = now;
      return known.labels;
    }
    // A sweep walks every edge. Run on each new edge past the cap, a flood of distinct names
    // made every call O(maxEdges) (a million new services took minutes); once per tenth of the
    // idle time keeps it amortised, and an idle edge frees its place at most that much later.
    if (this.edges.size >= this.o.maxEdges && now >= this.nextSweepMs) {
      this.nextSweepMs = now + Math.max(1, this.o.edgeIdleMs / 10);
      this.sweep(now);
    }
    if (this.edges.size >= this.o.maxEdges) {
      return { client: this.o.overflowNode, server: this.o.overflowNode, connection_type: 'virtual_node' };
    }
    this.edges.set(key, { labels, lastSeenMs: now });
    return labels;
  }

  private sweep(now: number): void {
    for (const [key, edge] of this.edges) {
      if (now - edge.lastSeenMs < this.o.edgeIdleMs) continue;
      this.edges.delete(key);
      for (const m of [this.total, this.failed, this.serverSeconds, this.clientSeconds])
        m.remove(edge.labels);
    }
  }
}
