/**
 * What a signal says about the node that reports it. Evidence is combined per role so that
 * a node with many signals of one kind (p50, p90, p99 of one latency) does not get more
 * draws than a node with one, and so that signals that point elsewhere are routed there.
 */
export type SignalRole =
  /** CPU, memory, network, disk, threads: the node's own resources. */
  | 'resource'
  /** The node's own (server-side) latency. */
  | 'latency'
  /** Errors, success rate, availability. */
  | 'errors'
  /** Requests, load, workload: how much it is asked. */
  | 'traffic'
  /** The node's callers' view of it (`inbound_*`): evidence about this node. */
  | 'inbound'
  /** Client-side (outbound) latency or errors: evidence about the node's callees, not itself. */
  | 'outbound'
  | 'other';

const RULES: ReadonlyArray<readonly [SignalRole, RegExp]> = [
  ['inbound', /^inbound/],
  ['outbound', /client|outbound/],
  ['errors', /error|success|fail|availab|exception|status|5xx/],
  ['latency', /lat(ency)?(_|$)|duration|response_?time/],
  ['resource', /cpu|mem|heap|gc|thread|disk|io_|fd|socket|net_|network/],
  ['traffic', /lod|load|request|qps|throughput|calls|traffic|rps/],
];

/** The role of a signal, from its name (case-insensitive; a `metric:` prefix is ignored). */
export function roleOf(signal: string): SignalRole {
  const name = signal.toLowerCase().replace(/^metric:/, '');
  for (const [role, pattern] of RULES) if (pattern.test(name)) return role;
  return 'other';
}

/** True when `role` is evidence about the node that reports it (not about its callees). */
export function isLocalRole(role: SignalRole): boolean {
  return role !== 'outbound';
}
