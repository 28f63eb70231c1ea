/**
 * How healthy each node of the service graph looks: its firing or pending SLO alerts and
 * the error rate of the calls it serves (its inbound edges). Pure, unit-tested in Node.
 */

export type Health = 'critical' | 'warning' | 'ok' | 'unknown';

export interface NodeHealth {
  id: string;
  kind: string;
  health: Health;
  /** Calls and failed calls on the node's inbound edges. */
  calls: number;
  failedCalls: number;
  /** failed / calls; null without inbound calls. */
  errorRate: number | null;
  /** The worst state among the node's SLO alerts, if any is pending or firing. */
  alert: 'firing' | 'pending' | undefined;
}

/** Error rates at or above these turn a node red and amber. */
export const CRITICAL_ERROR_RATE = 0.05;
export const WARNING_ERROR_RATE = 0.01;

interface GraphLike {
  nodes: ReadonlyArray<{ id: string; kind: string }>;
  edges: ReadonlyArray<{ source: string; target: string; calls: number; failedCalls: number }>;
}

export function nodeHealth(
  graph: GraphLike,
  alerts: ReadonlyArray<{ service: string; state: string }>,
): Map<string, NodeHealth> {
  const result = new Map<string, NodeHealth>();
  for (const n of graph.nodes) {
    const inbound = graph.edges.filter((e) => e.target === n.id);
    const touched = inbound.length > 0 || graph.edges.some((e) => e.source === n.id);
    const calls = inbound.reduce((a, e) => a + e.calls, 0);
    const failedCalls = inbound.reduce((a, e) => a + e.failedCalls, 0);
    const errorRate = calls > 0 ? failedCalls / calls : null;
    const states = alerts.filter((a) => a.service === n.id).map((a) => a.state);
    const alert = states.includes('firing') ? 'firing' : states.includes('pending') ? 'pending' : undefined;
    let health: Health = touched ? 'ok' : 'unknown';
    if (alert === 'firing' || (errorRate ?? 0) >= CRITICAL_ERROR_RATE) health = 'critical';
    else if (alert === 'pending' || (errorRate ?? 0) >= WARNING_ERROR_RATE) health = 'warning';
    result.set(n.id, { id: n.id, kind: n.kind, health, calls, failedCalls, errorRate, alert });
  }
  return result;
}

/** A short phrase for each health, for labels that must not rely on colour alone. */
export const HEALTH_TEXT: Record<Health, string> = {
  critical: 'critical',
  warning: 'degraded',
  ok: 'healthy',
  unknown: 'no calls',
};
