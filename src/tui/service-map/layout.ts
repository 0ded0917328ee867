import type { MapRow, Style } from './canvas.js';
import { Canvas, rowWidth } from './canvas.js';
import type { Link } from './layering.js';
import type { LegendEntry } from './legend.js';
import { packLegend } from './legend.js';
import type { Route } from './routing.js';
import type { MapStructure, Piece } from './structure.js';
import { buildStructures } from './structure.js';
import { fit, textWidth } from './text-fit.js';

/** An edge to draw: node indices, its compact label ("12 /sec 3.00% 45 ms") and style. */
export interface MapEdge extends Link {
  readonly label: string;
  readonly style: Style;
}

export interface MapLayout {
  /** False when the graph is too big for the space: show an edge table instead. */
  readonly fits: boolean;
  readonly rows: readonly MapRow[];
  /** Whether labels sit on the edges or edges carry number tags explained in a legend. */
  readonly labels?: 'inline' | 'tags';
}

/** Beyond this many services a terminal map stops being legible. */
export const MAX_MAP_NODES = 30;

interface Attempt {
  readonly tags: boolean;
  readonly nameWidth: number;
}

/** Tried in order: full names before short ones, labels on edges before number tags. */
const ATTEMPTS: readonly Attempt[] = [24, 16, 10].flatMap((nameWidth) => [
  { tags: false, nameWidth },
  { tags: true, nameWidth },
]);

/** A node box: "│ name │". */
const boxWidth = (name: string): number => textWidth(name) + 4;

interface Geometry {
  readonly layerX: readonly number[];
  /** First column of each gap (its label area starts one further) and of its tracks. */
  readonly gapX: readonly number[];
  readonly trackX: readonly number[];
  readonly width: number;
}

/**
 * Columns of layers and gaps. A gap holds a lead-in cell, the widest label starting in it, a
 * spacer, its tracks and the arrowhead cell.
 */
function geometry(s: MapStructure, boxWidth: (node: number) => number, placed: string[]): Geometry {
  const layerX: number[] = [];
  const gapX: number[] = [];
  const trackX: number[] = [];
  let x = 0;
  for (let layer = 0; layer < s.layerCount; layer++) {
    layerX.push(x);
    const boxes = s.items.filter((it) => it.layer === layer);
    x += Math.max(1, ...boxes.map((it) => (it.node === undefined ? 1 : boxWidth(it.node))));
    const gap = s.gaps[layer];
    if (gap === undefined) continue;
    const labels = gap.pieces.filter((p) => p.first).map((p) => textWidth(placed[p.edge] ?? ''));
    const labelWidth = Math.max(0, ...labels);
    gapX.push(x);
    trackX.push(x + labelWidth + 2);
    x += labelWidth + 3 + gap.routing.trackCount;
  }
  return { layerX, gapX, trackX, width: x };
}

interface Painter {
  readonly s: MapStructure;
  readonly g: Geometry;
  readonly edges: readonly MapEdge[];
  readonly names: readonly string[];
  readonly placed: readonly string[];
}

interface Placed {
  readonly piece: Piece;
  readonly gap: number;
  readonly route: Route;
}

function routePoints(p: Placed, sx: number, ex: number, trackX: number): [number, number][] {
  const { piece, route } = p;
  switch (route.kind) {
    case 'straight':
      return [
        [sx, piece.ys],
        [ex, piece.yt],
      ];
    case 'bend': {
      const t = trackX + route.track;
      return [
        [sx, piece.ys],
        [t, piece.ys],
        [t, piece.yt],
        [ex, piece.yt],
      ];
    }
    case 'dogleg': {
      const [a, b] = [trackX + route.trackA, trackX + route.trackB];
      return [
        [sx, piece.ys],
        [a, piece.ys],
        [a, route.row],
        [b, route.row],
        [b, piece.yt],
        [ex, piece.yt],
      ];
    }
  }
}

/** Where a piece starts (a box's right border, or a dummy's first cell) and ends. */
function pieceEnds(paint: Painter, p: Placed): { sx: number; ex: number } {
  const node = paint.s.items[p.piece.upper]?.node;
  const layerX = paint.g.layerX[p.gap] ?? 0;
  const sx = node === undefined ? layerX : layerX + boxWidth(paint.names[node] ?? '') - 1;
  return { sx, ex: paint.g.layerX[p.gap + 1] ?? 0 };
}

function drawBoxes(canvas: Canvas, paint: Painter): void {
  for (const item of paint.s.items) {
    if (item.node === undefined) continue;
    const name = paint.names[item.node] ?? '';
    const x = paint.g.layerX[item.layer] ?? 0;
    const inner = boxWidth(name) - 2;
    canvas.text(x, item.y, `┌${'─'.repeat(inner)}┐`);
    for (let row = 1; row < item.height - 1; row++) {
      canvas.text(x, item.y + row, `│${' '.repeat(inner)}│`);
    }
    canvas.text(x, item.y + item.height - 1, `└${'─'.repeat(inner)}┘`);
    canvas.text(x + 2, item.y + 1, name);
  }
}

/** Lines first (lightest edge first, so heavy edges stay on top), then boxes, then marks. */
function paintMap(paint: Painter): Canvas {
  const { s, g, edges } = paint;
  const canvas = new Canvas(g.width, s.height);
  const placed: Placed[] = s.gaps.flatMap((gap, index) =>
    gap.pieces.map((piece, i) => ({
      piece,
      gap: index,
      route: gap.routing.routes[i] ?? { kind: 'straight' },
    })),
  );
  placed.sort((a, b) => b.piece.edge - a.piece.edge);
  for (const p of placed) {
    const { sx, ex } = pieceEnds(paint, p);
    canvas.path(routePoints(p, sx, ex, g.trackX[p.gap] ?? 0), edges[p.piece.edge]?.style);
  }
  drawBoxes(canvas, paint);
  for (const p of placed) {
    const { piece } = p;
    const { sx, ex } = pieceEnds(paint, p);
    const style = edges[piece.edge]?.style ?? {};
    const reversed = s.reversed.has(piece.edge);
    if (s.items[piece.upper]?.node !== undefined) canvas.text(sx, piece.ys, '├');
    if (s.items[piece.lower]?.node !== undefined) canvas.text(ex, piece.yt, '┤');
    if (piece.first)
      canvas.text((g.gapX[p.gap] ?? 0) + 1, piece.ys, paint.placed[piece.edge] ?? '', style);
    if (piece.first && reversed) canvas.text(sx + 1, piece.ys, '◀', style);
    if (piece.last && !reversed) canvas.text(ex - 1, piece.yt, '▶', style);
  }
  return canvas;
}

function legendEntries(edges: readonly MapEdge[], names: readonly string[], tags: boolean) {
  return edges.flatMap((edge, i): LegendEntry[] => {
    const loop = edge.from === edge.to;
    if (!tags && !loop) return [];
    const from = names[edge.from] ?? '';
    const route = loop ? `${from} ↺` : `${from} → ${names[edge.to] ?? ''}`;
    const text = [tags ? String(i + 1) : '', route, edge.label].filter((t) => t !== '').join(' ');
    return [{ text, style: edge.style }];
  });
}

function tryLayout(
  s: MapStructure,
  nodes: readonly string[],
  edges: readonly MapEdge[],
  attempt: Attempt,
  size: { width: number; height: number },
): MapRow[] | undefined {
  const names = nodes.map((n) => fit(n, attempt.nameWidth));
  const placed = edges.map((e, i) =>
    e.from === e.to ? '' : attempt.tags ? String(i + 1) : e.label === '' ? '' : ` ${e.label} `,
  );
  const g = geometry(s, (node) => boxWidth(names[node] ?? ''), placed);
  if (g.width > size.width || s.height > size.height) return undefined;
  const legend = packLegend(legendEntries(edges, names, attempt.tags), size.width);
  const map = paintMap({ s, g, edges, names, placed }).rows();
  const needed = map.length + legend.length;
  if (needed > size.height) return undefined;
  const spacer = legend.length > 0 && needed < size.height ? [[]] : [];
  return [...map, ...spacer, ...legend];
}

/**
 * Draws the graph left to right: node boxes in layers, edges routed orthogonally between
 * them with arrowheads, labelled inline or by number tags with a legend. Self-loops appear in
 * the legend. `fits` is false past MAX_MAP_NODES or when no variant fits width × height.
 */
export function layoutServiceMap(
  nodes: readonly string[],
  edges: readonly MapEdge[],
  width: number,
  height: number,
): MapLayout {
  if (nodes.length > MAX_MAP_NODES || width <= 0 || height <= 0) return { fits: false, rows: [] };
  if (nodes.length === 0) return { fits: true, rows: [] };
  const structures = buildStructures(nodes.length, edges);
  for (const attempt of ATTEMPTS) {
    for (const structure of structures) {
      const rows = tryLayout(structure, nodes, edges, attempt, { width, height });
      if (rows !== undefined && rows.every((row) => rowWidth(row) <= width)) {
        return { fits: true, rows, labels: attempt.tags ? 'tags' : 'inline' };
      }
    }
  }
  return { fits: false, rows: [] };
}
