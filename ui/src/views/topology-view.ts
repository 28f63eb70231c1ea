import { api } from '../api/client.js';
import type { Point, Topology } from '../api/types.js';
import { h } from '../core/dom.js';
import { count, latency, percent } from '../core/format.js';
import { href } from '../core/router.js';
import { serviceGraph } from '../topology/graph-svg.js';
import { HEALTH_TEXT, type NodeHealth, nodeHealth } from '../topology/health.js';
import { emptyState, pageHeading, type Rendered, section, table } from './common.js';
import { signalCharts } from './signal-charts.js';

const SIGNAL_WINDOW_MS = 3_600_000;
const MAX_EDGE_PANELS = 3;

/** The service graph; with `node`, that node's signals below it. */
export async function topologyView(
  node: string | undefined,
  navigate: (hash: string) => void,
): Promise<Rendered> {
  const [topology, alerts] = await Promise.all([api.topology(), api.alerts()]);
  if (topology === undefined) {
    return {
      title: 'Topology',
      nodes: [
        pageHeading('Topology'),
        emptyState('Topology is turned off on this engine (topology.enabled).'),
      ],
      signature: 'off',
    };
  }
  const health = nodeHealth(
    topology,
    alerts.filter((a) => a.state === 'firing' || a.state === 'pending'),
  );
  const signals = node === undefined ? undefined : await nodeSignals(node, topology);
  const nodes = [
    pageHeading('Topology'),
    h(
      'p',
      { class: 'lede' },
      'Callers on the left, callees on the right. Colour and symbol show health: ',
      legend(),
      '. Select a node (click, or Tab to it and press Enter) to see its signals.',
    ),
    topology.nodes.length === 0
      ? emptyState('No calls seen yet: the graph fills as spans arrive.')
      : serviceGraph({ topology, health, selected: node, onSelect: (id) => navigate(href.topology(id)) }),
    signals?.el ?? null,
    topology.nodes.length === 0 ? null : graphTables(topology, health),
  ];
  return {
    title: node === undefined ? 'Topology' : `${node} · Topology`,
    nodes,
    signature: JSON.stringify([topology, alerts, node, signals?.data ?? null]),
  };
}

function legend(): HTMLElement {
  return h(
    'span',
    { class: 'health-legend' },
    (['critical', 'warning', 'ok', 'unknown'] as const).map((k) =>
      h(
        'span',
        { class: `legend-item health-${k}` },
        h('span', { class: 'legend-dot', 'aria-hidden': 'true' }),
        HEALTH_TEXT[k],
      ),
    ),
  );
}

/** The node's own series; for a node without any (a peer known only from its callers), its inbound edges'. */
async function nodeSignals(node: string, topology: Topology): Promise<{ el: HTMLElement; data: unknown }> {
  const toMs = Date.now();
  const fromMs = toMs - SIGNAL_WINDOW_MS;
  const own = await api.series({ service: node }, { fromMs, toMs });
  const panels: Array<{ title: string; key: string; series: Record<string, Point[]> }> = [];
  if (Object.keys(own.series).length > 0)
    panels.push({ title: `Signals of ${node}`, key: node, series: own.series });
  else {
    const inbound = topology.edges.filter((e) => e.target === node).slice(0, MAX_EDGE_PANELS);
    const answers = await Promise.all(
      inbound.map((e) => api.series({ source: e.source, target: e.target }, { fromMs, toMs })),
    );
    inbound.forEach((e, i) => {
      panels.push({
        title: `Calls from ${e.source}`,
        key: `${e.source}->${node}`,
        series: answers[i]?.series ?? {},
      });
    });
  }
  const el = h(
    'section',
    { class: 'node-signals', 'aria-labelledby': 'signals-heading', 'data-node-signals': node },
    h('h2', { id: 'signals-heading', tabindex: -1, 'data-autofocus': '' }, `Signals of ${node}`),
    h(
      'p',
      { class: 'muted' },
      'The last hour. ',
      h('a', { href: href.topology(), 'data-key': 'close-signals' }, 'Close'),
    ),
    panels.length === 0
      ? emptyState(`No signals recorded for ${node} in the last hour.`)
      : panels.map((p) =>
          h(
            'div',
            {},
            panels.length > 1 ? h('h3', {}, p.title) : null,
            signalCharts(p.key, p.series, fromMs, toMs),
          ),
        ),
  );
  return { el, data: panels };
}

function graphTables(topology: Topology, health: ReadonlyMap<string, NodeHealth>): HTMLElement {
  return section(
    'Graph as tables',
    'graph-tables-heading',
    h(
      'details',
      { 'data-key': 'table:nodes', class: 'data-table' },
      h('summary', { 'data-key': 'summary:nodes' }, 'Table: nodes and their health'),
      table(
        'Nodes',
        ['Node', 'Kind', 'Health', 'Inbound calls', 'Error rate', 'SLO alert'],
        topology.nodes.map((n) => {
          const x = health.get(n.id);
          return [
            h('a', { href: href.topology(n.id), 'data-key': `node-link:${n.id}` }, n.id),
            n.kind,
            HEALTH_TEXT[x?.health ?? 'unknown'],
            count(x?.calls ?? 0),
            percent(x?.errorRate ?? null),
            x?.alert ?? 'none',
          ];
        }),
        { 'data-table': 'nodes' },
      ),
    ),
    h(
      'details',
      { 'data-key': 'table:edges', class: 'data-table' },
      h('summary', { 'data-key': 'summary:edges' }, 'Table: edges (calls between nodes)'),
      table(
        'Edges',
        ['Call', 'Type', 'Calls', 'Failed', 'Error rate', 'Client latency', 'Server latency'],
        topology.edges.map((e) => [
          `${e.source} → ${e.target}`,
          e.connectionType,
          count(e.calls),
          count(e.failedCalls),
          percent(e.errorRate),
          latency(e.clientLatencyMeanMs),
          latency(e.serverLatencyMeanMs),
        ]),
        { 'data-table': 'edges' },
      ),
    ),
  );
}
