import type { Layering, Link } from './layering.js';
import { assignLayers } from './layering.js';
import type { Span } from './ordering.js';
import { orderLayers } from './ordering.js';
import type { GapRouting } from './routing.js';
import { routeGap } from './routing.js';

/**
 * The width-independent part of the map: layers, item order, rows and edge routes. An item is
 * a node box or a dummy (one row an edge passes through when it skips a layer).
 */
export interface Item {
  /** Node index, or undefined for a dummy. */
  readonly node: number | undefined;
  readonly layer: number;
  readonly y: number;
  readonly height: number;
}

/** One piece of an edge, from an item in layer `gap` to an item in layer `gap + 1`. */
export interface Piece extends Span {
  readonly edge: number;
  /** The piece nearest the edge's laid-out start: it carries the label. */
  readonly first: boolean;
  readonly last: boolean;
  readonly ys: number;
  readonly yt: number;
}

export interface MapStructure {
  readonly items: readonly Item[];
  readonly layerCount: number;
  /** Pieces and routes of the gap right of each layer but the last. */
  readonly gaps: readonly { readonly pieces: readonly Piece[]; readonly routing: GapRouting }[];
  readonly height: number;
  /** Edges drawn right to left (they close a cycle): their arrow points left. */
  readonly reversed: ReadonlySet<number>;
}

interface Chain {
  readonly layerOf: number[];
  readonly spans: (Span & { edge: number; first: boolean; last: boolean })[];
}

/** Splits every edge that skips layers into a chain through dummy items (ids after the nodes). */
function chains(edges: readonly Link[], layering: Layering): Chain {
  const layerOf = [...layering.layerOf];
  const spans: Chain['spans'] = [];
  edges.forEach((edge, i) => {
    if (edge.from === edge.to) return;
    const [start, end] = layering.reversed.has(i) ? [edge.to, edge.from] : [edge.from, edge.to];
    let upper = start;
    const endLayer = layerOf[end] ?? 0;
    for (let layer = (layerOf[start] ?? 0) + 1; layer <= endLayer; layer++) {
      // A new dummy's id is its index in layerOf.
      const lower = layer === endLayer ? end : layerOf.push(layer) - 1;
      spans.push({ upper, lower, edge: i, first: upper === start, last: lower === end });
      upper = lower;
    }
  });
  return { layerOf, spans };
}

function portOrder(spans: Chain['spans'], key: (s: Span) => number, side: (s: Span) => number) {
  const ports = new Map<number, number>();
  const sorted = spans
    .map((s, i) => ({ s, i }))
    .sort((a, b) => key(a.s) - key(b.s) || a.s.edge - b.s.edge);
  const counts = new Map<number, number>();
  for (const { s, i } of sorted) {
    const n = counts.get(side(s)) ?? 0;
    ports.set(i, n);
    counts.set(side(s), n + 1);
  }
  return { ports, counts };
}

/** Everything but the rows: layers, item order and which port each piece uses. */
interface Frame {
  readonly nodeCount: number;
  readonly layerOf: readonly number[];
  readonly spans: Chain['spans'];
  readonly order: readonly (readonly number[])[];
  readonly outPort: ReadonlyMap<number, number>;
  readonly inPort: ReadonlyMap<number, number>;
  readonly heightOf: (item: number) => number;
  readonly reversed: ReadonlySet<number>;
}

function frame(nodeCount: number, edges: readonly Link[]): Frame {
  const layering = assignLayers(nodeCount, edges);
  const { layerOf, spans } = chains(edges, layering);
  const layers: number[][] = Array.from({ length: layering.layerCount }, () => []);
  layerOf.forEach((layer, item) => layers[layer]?.push(item));
  const order = orderLayers(layers, spans);
  const position = new Map(order.flatMap((layer) => layer.map((item, i) => [item, i] as const)));
  const at = (item: number): number => position.get(item) ?? 0;
  // Ports follow the order of the items at their other end, so edges leave a box uncrossed.
  const outs = portOrder(
    spans,
    (s) => at(s.lower),
    (s) => s.upper,
  );
  const ins = portOrder(
    spans,
    (s) => at(s.upper),
    (s) => s.lower,
  );
  const heightOf = (item: number): number =>
    item < nodeCount ? 2 + Math.max(1, outs.counts.get(item) ?? 0, ins.counts.get(item) ?? 0) : 1;
  return {
    nodeCount,
    layerOf,
    spans,
    order,
    outPort: outs.ports,
    inPort: ins.ports,
    heightOf,
    reversed: layering.reversed,
  };
}

/**
 * Rows of the items, top-down per layer with a blank row between them. Aligned, an item also
 * moves down so its first input lines up with the port feeding it, which straightens chains;
 * stacked, it keeps to the top (shorter when alignment would cascade downwards).
 */
function rows(f: Frame, align: boolean): Map<number, number> {
  const y = new Map<number, number>();
  const portRow = (item: number): number => (item < f.nodeCount ? 1 : 0);
  const feeder = new Map<number, { upper: number; port: number }>();
  f.spans.forEach((s, i) => {
    if (f.inPort.get(i) === 0) feeder.set(s.lower, { upper: s.upper, port: f.outPort.get(i) ?? 0 });
  });
  for (const layer of f.order) {
    let top = 0;
    for (const item of layer) {
      const from = align ? feeder.get(item) : undefined;
      const wanted =
        from === undefined
          ? top
          : (y.get(from.upper) ?? 0) + portRow(from.upper) + from.port - portRow(item);
      y.set(item, Math.max(top, wanted));
      top = Math.max(top, wanted) + f.heightOf(item) + 1;
    }
  }
  return y;
}

function place(f: Frame, align: boolean): MapStructure {
  const y = rows(f, align);
  const portRow = (item: number): number => (item < f.nodeCount ? 1 : 0);
  const gaps = f.order.slice(0, -1).map((_, gap) => {
    const pieces = f.spans.flatMap((s, i) =>
      f.layerOf[s.upper] === gap
        ? [
            {
              ...s,
              ys: (y.get(s.upper) ?? 0) + portRow(s.upper) + (f.outPort.get(i) ?? 0),
              yt: (y.get(s.lower) ?? 0) + portRow(s.lower) + (f.inPort.get(i) ?? 0),
            },
          ]
        : [],
    );
    return { pieces, routing: routeGap(pieces) };
  });
  const items = f.layerOf.map((layer, item) => ({
    node: item < f.nodeCount ? item : undefined,
    layer,
    y: y.get(item) ?? 0,
    height: f.heightOf(item),
  }));
  const height = Math.max(
    0,
    ...items.map((it) => it.y + it.height),
    ...gaps.map((g) => g.routing.rowsUsed),
  );
  return { items, layerCount: f.order.length, gaps, height, reversed: f.reversed };
}

/**
 * Places the graph twice: aligned (straighter edges) and stacked (never taller); the layout
 * tries them in that order.
 */
export function buildStructures(nodeCount: number, edges: readonly Link[]): MapStructure[] {
  const f = frame(nodeCount, edges);
  return [place(f, true), place(f, false)];
}
