import type { NodeKind } from './model.js';
import { graphToJson, type ServiceGraph } from './service-graph.js';

const SHAPES: Record<NodeKind, string> = {
  service: 'box',
  database: 'cylinder',
  virtual: 'ellipse',
  user: 'circle',
};

/**
 * The graph in Graphviz DOT: every id and label a quoted string with `\`, `"` and line
 * breaks escaped, so any service name is safe. Nodes are shaped by kind (database:
 * cylinder, virtual: dashed ellipse, user: circle); edges are labelled with calls, error
 * rate and mean client latency, and dashed when virtual.
 */
export function graphToDot(graph: ServiceGraph): string {
  const { nodes, edges } = graphToJson(graph);
  const lines = ['digraph "faultline" {', '  rankdir=LR;'];
  for (const n of nodes) {
    const style = n.kind === 'virtual' ? ', style=dashed' : '';
    lines.push(`  ${quote(n.id)} [shape=${SHAPES[n.kind]}, tooltip=${quote(n.kind)}${style}];`);
  }
  for (const e of edges) {
    const parts = [`${e.calls} calls`, `${(e.errorRate * 100).toFixed(1)}% errors`];
    const latency = e.clientLatencyMeanMs ?? e.serverLatencyMeanMs;
    if (latency !== null) parts.push(`${latency.toFixed(1)} ms`);
    const style = e.connectionType === 'virtual' ? ', style=dashed' : '';
    lines.push(
      `  ${quote(e.source)} -> ${quote(e.target)} [label=${quote(parts.join('\n'))}, tooltip=${quote(e.connectionType)}${style}];`,
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

/** A DOT quoted string. */
export function quote(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\r', '').replaceAll('\n', '\\n')}"`;
}
