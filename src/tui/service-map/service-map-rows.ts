import type { ResultTable } from '../../pxl/exec/result.js';
import type { MapColor, MapRow, Style } from './canvas.js';
import { edgeTableRows } from './edge-table.js';
import type { Severity } from './edge-text.js';
import { edgeDetails, edgeLabel, edgeSeverity } from './edge-text.js';
import { buildGraphModel } from './graph-model.js';
import { parseGraphSpec } from './graph-spec.js';
import type { MapEdge } from './layout.js';
import { layoutServiceMap } from './layout.js';
import { fit } from './text-fit.js';

const SEVERITY_COLOR: Readonly<Record<Severity, MapColor | undefined>> = {
  low: undefined,
  medium: 'yellow',
  high: 'red',
};

function message(text: string, color: MapColor, width: number): MapRow[] {
  return [[{ text: fit(text, width), color }]];
}

/**
 * Everything the ServiceMap component shows, as styled rows: the map when it fits, else the
 * edge table, plus the selected edge's hover details on the last line. Never more than
 * `height` rows nor a row wider than `width`.
 */
export function serviceMapRows(
  table: ResultTable,
  displaySpec: unknown,
  size: { readonly width: number; readonly height: number },
  selected?: number,
): MapRow[] {
  const { width, height } = size;
  if (width <= 0 || height <= 0) return [];
  const parsed = parseGraphSpec(displaySpec, table);
  if (!parsed.ok) return message(`service map: ${parsed.error}`, 'red', width);
  const { spec } = parsed;
  const model = buildGraphModel(table, spec);
  if (model.edges.length === 0) return message('no traffic between services yet', 'gray', width);
  const picked = selected !== undefined && selected < model.edges.length ? selected : undefined;
  const selectedEdge = picked === undefined ? undefined : model.edges[picked];
  const details =
    selectedEdge === undefined
      ? []
      : [[{ text: fit(edgeDetails(selectedEdge, table, spec), width), bold: true }]];
  const body = { width, height: height - details.length };
  const severities = model.edges.map((e) => edgeSeverity(e, spec));
  const styleOf = (i: number): Style => {
    const color = SEVERITY_COLOR[severities[i] ?? 'low'];
    return { ...(color === undefined ? {} : { color }), ...(i === picked ? { bold: true } : {}) };
  };
  const index = new Map(model.nodes.map((n, i) => [n.name, i]));
  const edges: MapEdge[] = model.edges.map((e, i) => ({
    from: index.get(e.from) ?? 0,
    to: index.get(e.to) ?? 0,
    label: edgeLabel(e, table, spec),
    style: styleOf(i),
  }));
  const map = layoutServiceMap(
    model.nodes.map((n) => n.name),
    edges,
    body.width,
    body.height,
  );
  const rows = map.fits ? map.rows : edgeTableRows(model, table, spec, body, styleOf, picked);
  return [...rows, ...details];
}
