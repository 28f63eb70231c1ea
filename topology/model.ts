/**
 * The topology's vocabulary: node kinds, connection types, one completed call along an edge
 * and the statistics an edge accumulates. Shared by span pairing, the graph stores and the
 * service graph; no I/O here.
 */

import type { ConnectionType, NodeKind } from '../core/api-types.js';

export type { ConnectionType, NodeKind };

/**
 * The node that stands for callers outside the traces (root SERVER spans). Not plain `user`,
 * so it never merges with an instrumented service of that name (Sock Shop has one); service
 * names cannot contain spaces.
 */
export const USER_NODE = 'user (external)';

/** One call along an edge, as span pairing completes it. */
export interface EdgeCallRecord {
  source: string;
  target: string;
  connectionType: ConnectionType;
  sourceKind: NodeKind;
  targetKind: NodeKind;
  /** When the call ended, Unix epoch ns: the client side's end when there is one. */
  endNs: bigint;
  /** Duration seen by the caller (CLIENT/PRODUCER span), when there is one. */
  clientDurationNs?: number;
  /** Duration seen by the callee (SERVER/CONSUMER span), when there is one. */
  serverDurationNs?: number;
  /** Either side has status ERROR. */
  failed: boolean;
}

/**
 * What an edge accumulates: sums that merge by addition (across buckets, flushes and
 * instances), `lastSeenMs` by maximum, and the connection type and node kinds by the
 * precedence of {@link mergeStats}.
 */
export interface EdgeStats {
  connectionType: ConnectionType;
  sourceKind: NodeKind;
  targetKind: NodeKind;
  calls: number;
  failedCalls: number;
  /** Sum of client-side durations, whole microseconds, over `clientCalls` calls. */
  clientLatencySumUs: number;
  clientCalls: number;
  /** Sum of server-side durations, whole microseconds, over `serverCalls` calls. */
  serverLatencySumUs: number;
  serverCalls: number;
  /** End of the newest call, Unix epoch ms. */
  lastSeenMs: number;
}

/** One edge's statistics over some time range. */
export interface EdgeSnapshot extends EdgeStats {
  source: string;
  target: string;
}

/** One edge's pre-summed statistics for one time bucket: what the builder hands a store. */
export interface EdgeUpdate extends EdgeSnapshot {
  /** Start of the bucket (event time, Unix epoch ms, a multiple of the resolution). */
  bucketMs: number;
}

/** Precedence when an edge is seen as several types: the most specific wins. */
export const CONNECTION_TYPES: readonly ConnectionType[] = ['virtual', 'direct', 'database', 'messaging'];

/** Precedence when a node is seen as several kinds: an instrumented service wins. */
export const NODE_KINDS: readonly NodeKind[] = ['user', 'virtual', 'database', 'service'];

export function connectionRank(type: ConnectionType): number {
  return CONNECTION_TYPES.indexOf(type);
}

export function kindRank(kind: NodeKind): number {
  return NODE_KINDS.indexOf(kind);
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function mergeStats<T extends EdgeStats>(a: T, b: EdgeStats): T {
  a.calls += b.calls;
  a.failedCalls += b.failedCalls;
  a.clientLatencySumUs += b.clientLatencySumUs;
  a.clientCalls += b.clientCalls;
  a.serverLatencySumUs += b.serverLatencySumUs;
  a.serverCalls += b.serverCalls;
  a.lastSeenMs = Math.max(a.lastSeenMs, b.lastSeenMs);
  if (connectionRank(b.connectionType) > connectionRank(a.connectionType))
    a.connectionType = b.connectionType;
  if (kindRank(b.sourceKind) > kindRank(a.sourceKind)) a.sourceKind = b.sourceKind;
  if (kindRank(b.targetKind) > kindRank(a.targetKind)) a.targetKind = b.targetKind;
  return a;
}

/** The statistics of one call ending at `lastSeenMs`. */
export function statsOfCall(call: EdgeCallRecord, lastSeenMs: number): EdgeStats {
  return {
    connectionType: call.connectionType,
    sourceKind: call.sourceKind,
    targetKind: call.targetKind,
    calls: 1,
    failedCalls: call.failed ? 1 : 0,
    clientLatencySumUs: call.clientDurationNs === undefined ? 0 : Math.round(call.clientDurationNs / 1000),
    clientCalls: call.clientDurationNs === undefined ? 0 : 1,
    serverLatencySumUs: call.serverDurationNs === undefined ? 0 : Math.round(call.serverDurationNs / 1000),
    serverCalls: call.serverDurationNs === undefined ? 0 : 1,
    lastSeenMs,
  };
}

/**
 * An edge's identity as one string: `source>target`, with `%` and `>` inside names
 * percent-encoded, so any two names give a distinct, reversible key.
 */
export function edgeKey(source: string, target: string): string {
  return `${escapeName(source)}>${escapeName(target)}`;
}

/** The names of an {@link edgeKey}, or undefined when the text is not one. */
export function parseEdgeKey(key: string): { source: string; target: string } | undefined {
  const at = key.indexOf('>');
  if (at < 0 || key.indexOf('>', at + 1) >= 0) return undefined;
  const source = unescapeName(key.slice(0, at));
  const target = unescapeName(key.slice(at + 1));
  return source === undefined || target === undefined ? undefined : { source, target };
}

function unescapeName(text: string): string | undefined {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

function escapeName(name: string): string {
  return name.replaceAll('%', '%25').replaceAll('>', '%3E');
}
