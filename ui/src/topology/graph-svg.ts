import type { Topology, TopologyEdge } from '../api/types.js';
import { h, onActivate, s, uid } from '../core/dom.js';
import { count, percent } from '../core/format.js';
import { HEALTH_TEXT, type NodeHealth } from './health.js';
import { layeredLayout, type PlacedNode, type Point, type RoutedEdge } from './layout.js';

const W = 140;
const H = 42;
const MAX_LABEL = 18;

export interface GraphOptions {
  topology: Topology;
  health: ReadonlyMap<string, NodeHealth>;
  selected: string | undefined;
  onSelect: (node: string) => void;
}

/**
 * The service graph as SVG: nodes coloured (and labelled) by health, edges by their error
 * rate and labelled with calls and error rate. Each node is a button: click, Enter or Space
 * selects it.
 */
export function serviceGraph(o: GraphOptions): HTMLElement {
  const layout = layeredLayout(o.topology, { nodeWidth: W, nodeHeight: H });
  const arrow = uid('arrow');
  const byPair = new Map(o.topology.edges.map((e) => [`${e.source}\n${e.target}`, e]));
  const nodeBoxes: Box[] = layout.nodes.map((n) => ({
    x: n.x - W / 2 - 4,
    y: n.y - H / 2 - 3,
    w: W + 8,
    h: H + 6,
  }));
  const labelBoxes: Box[] = [];
  const routes = layout.edges
    .flatMap((r) => {
      const e = byPair.get(`${r.source}\n${r.target}`);
      return e === undefined ? [] : [{ r, e }];
    })
    // The worst edges place their labels first, so theirs get the clearest spots.
    .sort(
      (a, b) =>
        b.e.errorRate - a.e.errorRate || compare(a.r.source, b.r.source) || compare(a.r.target, b.r.target),
    );
  const edges = routes.map(({ r, e }) => edgeView(e, r, arrow, nodeBoxes, labelBoxes));
  const nodes = layout.nodes.map((n) => nodeView(n, o));
  const svg = s(
    'svg',
    {
      class: 'graph-svg',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      role: 'group',
      'aria-label': `Service graph: ${o.topology.nodes.length} nodes, ${o.topology.edges.length} edges. Each node is a button that shows its signals.`,
    },
    s(
      'defs',
      {},
      s(
        'marker',
        {
          id: arrow,
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 9,
          markerHeight: 9,
          markerUnits: 'userSpaceOnUse',
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head' }),
      ),
    ),
    s(
      'g',
      { class: 'edges', 'aria-hidden': 'true' },
      edges.map((x) => x.path),
    ),
    s(
      'g',
      { class: 'edge-labels', 'aria-hidden': 'true' },
      edges.map((x) => x.label),
    ),
    s('g', { class: 'nodes' }, nodes),
  );
  return h('div', { class: 'graph-scroll' }, svg);
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

type Segment = [Point, Point, Point, Point];

/** The area two boxes share. */
const overlap = (a: Box, b: Box): number =>
  Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

const LABEL_TS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

function bezier([p0, c1, c2, p3]: Segment, t: number): Point {
  const u = 1 - t;
  const k = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t] as const;
  return {
    x: k[0] * p0.x + k[1] * c1.x + k[2] * c2.x + k[3] * p3.x,
    y: k[0] * p0.y + k[1] * c1.y + k[2] * c2.y + k[3] * p3.y,
  };
}

/** Smooth segments through the route: leaving and entering each point horizontally. */
function segmentsOf(route: RoutedEdge): Segment[] {
  const pts = route.points.map((p) => ({ ...p }));
  const dir = route.reversed ? -1 : 1;
  const first = pts[0];
  const last = pts.at(-1);
  if (first) first.x += (dir * W) / 2;
  if (last) last.x -= dir * (W / 2 + 2);
  const segs: Segment[] = [];
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    const c = (b.x - a.x) / 2;
    segs.push([a, { x: a.x + c, y: a.y }, { x: b.x - c, y: b.y }, b]);
  }
  return segs;
}

function edgeView(
  e: TopologyEdge,
  route: RoutedEdge,
  arrow: string,
  nodeBoxes: readonly Box[],
  labelBoxes: Box[],
) {
  const segs = segmentsOf(route);
  const d = segs
    .map(
      ([a, c1, c2, b], i) =>
        `${i === 0 ? `M${a.x},${a.y} ` : ''}C${c1.x},${c1.y} ${c2.x},${c2.y} ${b.x},${b.y}`,
    )
    .join(' ');
  const rate = e.calls > 0 ? e.failedCalls / e.calls : 0;
  const cls = rate >= 0.05 ? 'edge-critical' : rate >= 0.01 ? 'edge-warning' : 'edge-ok';
  const text = `${count(e.calls)} calls · ${percent(e.errorRate)} err`;
  const w = text.length * 5.6 + 8;
  const h = 15;
  // The spot along the edge that covers the least of the nodes (most) and other labels.
  const candidates: Point[] = [...route.bends, ...LABEL_TS.flatMap((t) => segs.map((seg) => bezier(seg, t)))];
  const boxAt = (p: Point): Box => ({ x: p.x - w / 2, y: p.y - h / 2, w, h });
  const cost = (p: Point): number => {
    const box = boxAt(p);
    return (
      nodeBoxes.reduce((sum, b) => sum + 4 * overlap(b, box), 0) +
      labelBoxes.reduce((sum, b) => sum + overlap(b, box), 0)
    );
  };
  let spot = candidates[0] ?? { x: 0, y: 0 };
  let best = Number.POSITIVE_INFINITY;
  for (const p of candidates) {
    const c = cost(p);
    if (c < best) {
      best = c;
      spot = p;
    }
    if (c === 0) break;
  }
  const box = boxAt(spot);
  labelBoxes.push(box);
  return {
    path: s('path', {
      class: `edge ${cls}`,
      d,
      'marker-end': `url(#${arrow})`,
      'data-edge': `${e.source}->${e.target}`,
    }),
    label: s(
      'g',
      { class: `edge-label ${cls}`, 'data-edge-label': `${e.source}->${e.target}` },
      s('rect', { x: box.x, y: box.y, width: w, height: h, rx: 3, class: 'edge-label-bg' }),
      s('text', { x: spot.x, y: spot.y + 3.5, 'text-anchor': 'middle' }, text),
    ),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nodeView(n: PlacedNode, o: GraphOptions): SVGGElement {
  const health = o.health.get(n.id);
  const state = health?.health ?? 'unknown';
  const kind = health?.kind ?? 'service';
  const name = n.id.length > MAX_LABEL ? `${n.id.slice(0, MAX_LABEL - 1)}…` : n.id;
  const detail = [
    kind,
    health?.errorRate === null || health === undefined ? undefined : `${percent(health.errorRate)} err`,
  ]
    .filter(Boolean)
    .join(' · ');
  const spoken = [
    n.id,
    kind,
    HEALTH_TEXT[state],
    health?.errorRate === null || health === undefined
      ? 'no inbound calls'
      : `${percent(health.errorRate)} of ${count(health.calls)} inbound calls failed`,
    health?.alert === undefined ? undefined : `SLO alert ${health.alert}`,
  ]
    .filter(Boolean)
    .join(', ');
  const selected = o.selected === n.id;
  const g = s(
    'g',
    {
      class: `node health-${state} kind-${kind}${selected ? ' selected' : ''}`,
      transform: `translate(${n.x - W / 2},${n.y - H / 2})`,
      tabindex: 0,
      role: 'button',
      'aria-label': spoken,
      'aria-pressed': String(selected),
      'data-key': `node:${n.id}`,
      'data-node': n.id,
    },
    s('title', {}, spoken),
    s('rect', { class: 'node-box', width: W, height: H, rx: kind === 'database' ? 12 : 5 }),
    s('circle', { class: 'node-dot', cx: 13, cy: H / 2, r: 6 }),
    s(
      'text',
      { class: 'node-glyph', x: 13, y: H / 2 + 3.5, 'text-anchor': 'middle', 'aria-hidden': 'true' },
      glyph(state),
    ),
    s('text', { class: 'node-name', x: 26, y: 17 }, name),
    s('text', { class: 'node-detail', x: 26, y: 32 }, detail),
  );
  onActivate(g, () => o.onSelect(n.id));
  return g;
}

function glyph(state: string): string {
  switch (state) {
    case 'critical':
      return '!';
    case 'warning':
      return '~';
    case 'ok':
      return '✓';
    default:
      return '?';
  }
}
