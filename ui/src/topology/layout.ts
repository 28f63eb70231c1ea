/**
 * A deterministic layered layout (Sugiyama-style, kept small) for the service graph, callers
 * left of callees:
 * 1. cycles are broken with the greedy heuristic of Eades, Lin and Smyth (edges against the
 *    resulting order are reversed for layout, and drawn back the right way);
 * 2. layers are longest paths from the sources;
 * 3. an edge spanning several layers gets a dummy point in each layer between, so it runs
 *    between nodes, not through them;
 * 4. the order within a layer comes from barycenter sweeps, ties broken by id.
 * The same graph, in any input order, gets the same layout. Pure: no DOM, unit-tested in Node.
 */

export interface LayoutInput {
  nodes: ReadonlyArray<{ id: string }>;
  edges: ReadonlyArray<{ source: string; target: string }>;
}

export interface PlacedNode {
  id: string;
  layer: number;
  /** Position within the layer (dummy points included), top first. */
  order: number;
  /** Centre of the node box. */
  x: number;
  y: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface RoutedEdge {
  source: string;
  target: string;
  /** Drawn against the layer direction (the edge closes a cycle). */
  reversed: boolean;
  /** Source centre, the dummy points between, target centre; in the edge's direction. */
  points: Point[];
  /** The dummy points alone (free slots where a label fits). */
  bends: Point[];
}

export interface LayoutOptions {
  layerGap: number;
  rowGap: number;
  /** Height of a dummy point's slot. */
  bendGap: number;
  nodeWidth: number;
  nodeHeight: number;
  margin: number;
}

export interface Layout {
  nodes: PlacedNode[];
  byId: Map<string, PlacedNode>;
  edges: RoutedEdge[];
  width: number;
  height: number;
}

const DEFAULTS: LayoutOptions = {
  layerGap: 280,
  rowGap: 64,
  bendGap: 34,
  nodeWidth: 140,
  nodeHeight: 42,
  margin: 16,
};
const SWEEPS = 6;
const DUMMY = '\u0000';
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function layeredLayout(input: LayoutInput, options: Partial<LayoutOptions> = {}): Layout {
  const o = { ...DEFAULTS, ...options };
  const ids = [...new Set(input.nodes.map((n) => n.id))].sort(byId);
  const known = new Set(ids);
  const pairs = new Map<string, { source: string; target: string }>();
  for (const e of input.edges) {
    if (e.source === e.target || !known.has(e.source) || !known.has(e.target)) continue;
    pairs.set(`${e.source}\n${e.target}`, { source: e.source, target: e.target });
  }
  const edges = [...pairs.values()].sort((a, b) => byId(a.source, b.source) || byId(a.target, b.target));

  // 1. An order in which most edges point forward; the others are reversed for layout.
  const rank = new Map(greedyOrder(ids, edges).map((id, i) => [id, i]));
  const forward = edges.map((e) => {
    const reversed = (rank.get(e.source) ?? 0) > (rank.get(e.target) ?? 0);
    return { ...e, reversed, from: reversed ? e.target : e.source, to: reversed ? e.source : e.target };
  });

  // 2. Longest-path layers.
  const layerOf = new Map(ids.map((id) => [id, 0]));
  for (const id of [...ids].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))) {
    for (const e of forward) {
      if (e.from === id) layerOf.set(e.to, Math.max(layerOf.get(e.to) ?? 0, (layerOf.get(id) ?? 0) + 1));
    }
  }

  // 3. Chains through dummy points for long edges.
  const layers: string[][] = Array.from({ length: Math.max(0, ...layerOf.values()) + 1 }, () => []);
  for (const id of ids) layers[layerOf.get(id) ?? 0]?.push(id);
  const succ = new Map<string, string[]>();
  const pred = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    (succ.get(a) ?? succ.set(a, []).get(a)!).push(b);
    (pred.get(b) ?? pred.set(b, []).get(b)!).push(a);
  };
  const chains = forward.map((e) => {
    const chain = [e.from];
    const l0 = layerOf.get(e.from) ?? 0;
    const l1 = layerOf.get(e.to) ?? 0;
    for (let l = l0 + 1; l < l1; l++) {
      const dummy = `${DUMMY}${e.source}\n${e.target}\n${l}`;
      layers[l]?.push(dummy);
      chain.push(dummy);
    }
    chain.push(e.to);
    for (let i = 1; i < chain.length; i++) link(chain[i - 1]!, chain[i]!);
    return { edge: e, chain };
  });
  for (const layer of layers) layer.sort(byId);

  // 4. Order within layers.
  orderLayers(layers, succ, pred);

  const slot = (id: string) => (id.startsWith(DUMMY) ? o.bendGap : o.rowGap);
  const heights = layers.map((layer) => layer.reduce((a, id) => a + slot(id), 0));
  const tallest = Math.max(o.rowGap, ...heights);
  const at = new Map<string, PlacedNode>();
  layers.forEach((layer, l) => {
    let y = o.margin + (tallest - (heights[l] ?? 0)) / 2;
    layer.forEach((id, i) => {
      const h = slot(id);
      at.set(id, {
        id,
        layer: l,
        order: i,
        x: o.margin + o.nodeWidth / 2 + l * o.layerGap,
        y: y + h / 2,
      });
      y += h;
    });
  });
  const nodes = ids.map((id) => at.get(id)!);
  const routed = chains.map(({ edge, chain }) => {
    const points = chain.map((id) => {
      const p = at.get(id)!;
      return { x: p.x, y: p.y };
    });
    const bends = points.slice(1, -1);
    return {
      source: edge.source,
      target: edge.target,
      reversed: edge.reversed,
      points: edge.reversed ? points.reverse() : points,
      bends: edge.reversed ? bends.reverse() : bends,
    };
  });
  return {
    nodes,
    byId: new Map(nodes.map((n) => [n.id, n])),
    edges: routed,
    width: o.margin * 2 + o.nodeWidth + Math.max(0, layers.length - 1) * o.layerGap,
    height: o.margin * 2 + tallest,
  };
}

/**
 * Eades-Lin-Smyth: peel sinks to the back and sources to the front; when neither is left,
 * the node with the most outgoing minus incoming edges goes to the front. Ties by id.
 */
function greedyOrder(
  ids: readonly string[],
  edges: ReadonlyArray<{ source: string; target: string }>,
): string[] {
  const left = new Set(ids);
  const live = (pick: (e: { source: string; target: string }) => string, id: string) =>
    edges.filter((e) => pick(e) === id && left.has(e.source) && left.has(e.target)).length;
  const outs = (id: string) => live((e) => e.source, id);
  const ins = (id: string) => live((e) => e.target, id);
  const front: string[] = [];
  const back: string[] = [];
  while (left.size > 0) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const id of [...left].sort(byId)) {
        if (outs(id) === 0) {
          back.unshift(id);
          left.delete(id);
          changed = true;
        } else if (ins(id) === 0) {
          front.push(id);
          left.delete(id);
          changed = true;
        }
      }
    }
    if (left.size === 0) break;
    let best: string | undefined;
    let bestDelta = Number.NEGATIVE_INFINITY;
    for (const id of [...left].sort(byId)) {
      const delta = outs(id) - ins(id);
      if (delta > bestDelta) {
        best = id;
        bestDelta = delta;
      }
    }
    if (best === undefined) break;
    front.push(best);
    left.delete(best);
  }
  return [...front, ...back];
}

/** Barycenter sweeps, down then up, over positions centred per layer; ties keep id order. */
function orderLayers(
  layers: string[][],
  succ: ReadonlyMap<string, readonly string[]>,
  pred: ReadonlyMap<string, readonly string[]>,
): void {
  const position = new Map<string, number>();
  const place = (layer: readonly string[]) => {
    layer.forEach((id, i) => {
      position.set(id, i - (layer.length - 1) / 2);
    });
  };
  for (const layer of layers) place(layer ?? []);
  const sortBy = (layer: string[], neighbours: ReadonlyMap<string, readonly string[]>) => {
    const bary = new Map(
      layer.map((id) => {
        const ps = (neighbours.get(id) ?? []).map((n) => position.get(n) ?? 0);
        const mean = ps.length === 0 ? (position.get(id) ?? 0) : ps.reduce((a, b) => a + b, 0) / ps.length;
        return [id, mean];
      }),
    );
    layer.sort((a, b) => (bary.get(a) ?? 0) - (bary.get(b) ?? 0) || byId(a, b));
    place(layer);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    for (let l = 1; l < layers.length; l++) sortBy(layers[l] ?? [], pred);
    for (let l = layers.length - 2; l >= 0; l--) sortBy(layers[l] ?? [], succ);
  }
}
