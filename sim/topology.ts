/**
 * The simulated system as data: nodes (services and the databases, caches and queues they
 * use), the operations each node serves, and the calls each operation makes. The trace
 * generator walks this structure; nothing about a particular system lives in code.
 */
import { invalid } from './errors.js';

/** What a node is. Services emit their own spans and metrics; the rest appear through their clients' spans. */
export type NodeKind = 'service' | 'database' | 'cache' | 'queue';

/** A log-normal latency: half the draws fall below `medianMs`; `sigma` is the log's standard deviation. */
export interface Latency {
  medianMs: number;
  sigma: number;
}

/** A call from an operation to an operation of another node. */
export interface CallDef {
  /** The callee node. */
  to: string;
  /** The callee's operation (a key of its `operations`). */
  op: string;
  /** Probability that the call is made at all (default 1): cache misses, optional steps. */
  p?: number;
  /** A failed optional call does not fail the caller (it falls back). Default false. */
  optional?: boolean;
  /** Client timeout; a slower answer fails the call at this point. Default the topology's `callTimeoutMs`. */
  timeoutMs?: number;
}

/**
 * One operation a node serves. Its key in `NodeDef.operations` names it: `METHOD /route`
 * for services (`GET /carts/{id}/items`), `<db operation> <collection or table>` for
 * databases and caches (`find items`, `GET`), the destination for queues (`shipping-task`).
 */
export interface OperationDef {
  /** The node's own time for this operation, excluding its calls. */
  latency: Latency;
  /** Probability that the operation fails on its own (default 0). */
  errorRate?: number;
  /** Calls made while serving the operation, in order (or all at once with `parallel`). */
  calls?: CallDef[];
  parallel?: boolean;
  /** Queue operations only: who consumes the message, and how long it waits in the queue. */
  consumer?: { service: string; op: string; delay: Latency };
}

/** Steady-state resource usage of a node, for the CPU and memory gauges. */
export interface Resources {
  /** CPU utilisation (0..1) when idle. */
  cpuBase: number;
  /** CPU utilisation added per request per second. */
  cpuPerRps: number;
  /** Resident memory in MiB when idle. */
  memMb: number;
  /** MiB added per request per second. */
  memPerRps: number;
}

/** A service, database, cache or queue. */
export interface NodeDef {
  name: string;
  kind: NodeKind;
  /** `db.system.name` for databases and caches, `messaging.system` for queues. */
  system?: string;
  /** `db.namespace` for databases and caches. */
  namespace?: string;
  /** `server.port` that clients connect to. */
  port: number;
  resources: Resources;
  operations: Record<string, OperationDef>;
}

/** A whole simulated system. */
export interface Topology {
  name: string;
  /** The entry service: every trace starts with a SERVER span here. */
  entry: string;
  /** Mix of entry operations, by weight. */
  mix: Array<{ op: string; weight: number }>;
  /** Default client timeout in ms. */
  callTimeoutMs: number;
  /** One-way network latency between nodes. */
  network: Latency;
  nodes: NodeDef[];
}

/** A topology indexed for the generator. */
export interface IndexedTopology extends Topology {
  byName: ReadonlyMap<string, NodeDef>;
  mixTotal: number;
  mixWeights: number[];
}

/** Checks every reference (entry, mix, calls, consumers) and indexes the nodes by name. */
export function indexTopology(t: Topology): IndexedTopology {
  const byName = new Map<string, NodeDef>();
  for (const n of t.nodes) {
    if (byName.has(n.name)) throw invalid(`topology ${t.name}: node '${n.name}' defined twice`);
    byName.set(n.name, n);
  }
  const checkOp = (node: string, op: string, where: string, kinds?: NodeKind[]) => {
    const n = byName.get(node);
    if (n === undefined) throw invalid(`topology ${t.name}: ${where} names unknown node '${node}'`);
    if (n.operations[op] === undefined)
      throw invalid(`topology ${t.name}: ${where} names unknown operation '${node} ${op}'`);
    if (kinds !== undefined && !kinds.includes(n.kind))
      throw invalid(`topology ${t.name}: ${where}: '${node}' is a ${n.kind}`);
  };
  for (const m of t.mix) checkOp(t.entry, m.op, 'mix', ['service']);
  for (const n of t.nodes) {
    for (const [name, op] of Object.entries(n.operations)) {
      for (const c of op.calls ?? []) checkOp(c.to, c.op, `${n.name} ${name}`);
      if (op.consumer !== undefined)
        checkOp(op.consumer.service, op.consumer.op, `${n.name} ${name} consumer`, ['service']);
      if (n.kind !== 'service' && (op.calls?.length ?? 0) > 0)
        throw invalid(`topology ${t.name}: ${n.name} is a ${n.kind} and cannot call`);
    }
  }
  const mixWeights = t.mix.map((m) => m.weight);
  return { ...t, byName, mixWeights, mixTotal: mixWeights.reduce((a, b) => a + b, 0) };
}

/** The caller → callee edges of the topology (queue → consumer included), sorted and unique. */
export function topologyEdges(t: Topology): Array<{ source: string; target: string }> {
  const seen = new Set<string>();
  for (const n of t.nodes) {
    for (const op of Object.values(n.operations)) {
      for (const c of op.calls ?? []) seen.add(`${n.name}\u0000${c.to}`);
      if (op.consumer !== undefined) seen.add(`${n.name}\u0000${op.consumer.service}`);
    }
  }
  return [...seen].sort().map((k) => {
    const [source = '', target = ''] = k.split('\u0000');
    return { source, target };
  });
}

/**
 * Nodes the entry service reaches through synchronous calls (not through a queue's
 * consumer): the nodes whose slowness an SLO on the entry service can see.
 */
export function syncReachable(t: Topology): string[] {
  return reachable(t, () => true);
}

/**
 * Nodes the entry service reaches through chains of non-optional synchronous calls: the
 * nodes whose failures reach the entry service's callers (an optional call falls back).
 */
export function failureReachable(t: Topology): string[] {
  return reachable(t, (c) => c.optional !== true);
}

function reachable(t: Topology, follow: (c: CallDef) => boolean): string[] {
  const byName = new Map(t.nodes.map((n) => [n.name, n]));
  const seen = new Set<string>([t.entry]);
  const todo = [t.entry];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    for (const op of Object.values(byName.get(name)?.operations ?? {})) {
      for (const c of op.calls ?? []) {
        if (!follow(c) || seen.has(c.to)) continue;
        seen.add(c.to);
        todo.push(c.to);
      }
    }
  }
  return t.nodes.map((n) => n.name).filter((n) => seen.has(n));
}
