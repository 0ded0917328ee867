import type { ResultColumn, ResultTable } from '../../pxl/exec/result.js';

/** Colours edges by one column's raw value: below medium, from medium, from high. */
export interface EdgeThresholds {
  /** `edgeColorColumn` when the spec names one, else the edge weight column. */
  readonly column: string;
  readonly medium: number;
  readonly high: number;
}

/** A Graph or RequestGraph display spec, reduced to the columns the service map draws. */
export interface GraphSpec {
  readonly from: string;
  readonly to: string;
  readonly weight?: string;
  readonly errorRate?: string;
  readonly p99?: string;
  /** Columns shown for a selected edge, in spec order; all exist in the table. */
  readonly hover: readonly string[];
  readonly thresholds?: EdgeThresholds;
}

export type GraphSpecResult =
  { readonly ok: true; readonly spec: GraphSpec } | { readonly ok: false; readonly error: string };

export const GRAPH_TYPE = 'types.px.dev/px.vispb.Graph';
export const REQUEST_GRAPH_TYPE = 'types.px.dev/px.vispb.RequestGraph';

/** Column names as the spec gives them, before they are checked against a table. */
interface NamedColumns {
  readonly from: string;
  readonly to: string;
  readonly weight?: string | undefined;
  readonly errorRate?: string | undefined;
  readonly p99?: string | undefined;
  readonly hover: readonly string[];
  readonly thresholds?: EdgeThresholds | undefined;
}

type JsonObject = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(spec: JsonObject, key: string): string | undefined {
  const value = spec[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** proto3 JSON writes int64 as a string; bundled vis.json files write numbers. */
function numeric(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

function graphColumns(spec: JsonObject): NamedColumns | string {
  const adjacency = spec['adjacencyList'];
  if (!isRecord(adjacency)) {
    return text(spec, 'dotColumn') !== undefined
      ? 'Graph with dotColumn is not supported; use adjacencyList'
      : 'Graph spec has no adjacencyList';
  }
  const from = text(adjacency, 'fromColumn');
  const to = text(adjacency, 'toColumn');
  if (from === undefined || to === undefined) {
    return 'Graph adjacencyList needs fromColumn and toColumn';
  }
  const weight = text(spec, 'edgeWeightColumn');
  const hoverList = spec['edgeHoverInfo'];
  const hover = Array.isArray(hoverList)
    ? hoverList.filter((h): h is string => typeof h === 'string')
    : [];
  return { from, to, weight, hover, thresholds: thresholds(spec, weight) };
}

function thresholds(spec: JsonObject, weight: string | undefined): EdgeThresholds | undefined {
  const given = spec['edgeThresholds'];
  const column = text(spec, 'edgeColorColumn') ?? weight;
  if (!isRecord(given) || column === undefined) return undefined;
  const medium = numeric(given['mediumThreshold']);
  const high = numeric(given['highThreshold']);
  if (medium === undefined || high === undefined || medium > high) return undefined;
  return { column, medium, high };
}

function requestGraphColumns(spec: JsonObject, table: ResultTable): NamedColumns | string {
  // A service name is the most useful label; pods and IPs stand in when a script has no services.
  const pick = (side: 'requestor' | 'responder'): string | undefined => {
    const named = ['Service', 'Pod', 'Ip']
      .map((kind) => text(spec, `${side}${kind}Column`))
      .filter((name): name is string => name !== undefined);
    return named.find((name) => findColumn(table, name) !== undefined) ?? named[0];
  };
  const from = pick('requestor');
  const to = pick('responder');
  if (from === undefined || to === undefined) {
    return 'RequestGraph needs requestor and responder columns';
  }
  const weight = text(spec, 'requestsPerSecondColumn') ?? text(spec, 'totalRequestCountColumn');
  const hover = [
    'requestsPerSecondColumn',
    'errorRateColumn',
    'p50Column',
    'p90Column',
    'p99Column',
    'inboundBytesPerSecondColumn',
    'outboundBytesPerSecondColumn',
    'totalRequestCountColumn',
  ]
    .map((key) => text(spec, key))
    .filter((name): name is string => name !== undefined);
  return {
    from,
    to,
    weight,
    errorRate: text(spec, 'errorRateColumn'),
    p99: text(spec, 'p99Column'),
    hover,
  };
}

function findColumn(table: ResultTable, name: string): ResultColumn | undefined {
  return table.columns.find((c) => c.name === name);
}

function numericColumn(table: ResultTable, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const column = findColumn(table, name);
  return column?.type === 'INT64' || column?.type === 'FLOAT64' ? name : undefined;
}

/** A Graph spec names no error or latency columns; hover columns named like them stand in. */
function inferred(
  table: ResultTable,
  hover: readonly string[],
  pattern: RegExp,
): string | undefined {
  const candidates = [...hover, ...table.columns.map((c) => c.name)];
  return candidates.find((name) => pattern.test(name) && numericColumn(table, name) === name);
}

/**
 * Reads a Graph or RequestGraph displaySpec (untrusted JSON) against the table it draws. An
 * error when the spec is not a graph or its from/to columns are missing; optional columns the
 * table lacks are dropped, so a script can omit hover columns.
 */
export function parseGraphSpec(displaySpec: unknown, table: ResultTable): GraphSpecResult {
  if (!isRecord(displaySpec)) return { ok: false, error: 'display spec is not an object' };
  const type = displaySpec['@type'];
  const named =
    type === GRAPH_TYPE
      ? graphColumns(displaySpec)
      : type === REQUEST_GRAPH_TYPE
        ? requestGraphColumns(displaySpec, table)
        : `not a graph display spec: ${typeof type === 'string' ? type : 'no @type'}`;
  if (typeof named === 'string') return { ok: false, error: named };
  for (const name of [named.from, named.to]) {
    if (findColumn(table, name) === undefined) {
      return { ok: false, error: `column "${name}" is not in table "${table.name}"` };
    }
  }
  const hover = [...new Set(named.hover)].filter((name) => findColumn(table, name) !== undefined);
  const weight = numericColumn(table, named.weight);
  const errorRate = numericColumn(table, named.errorRate) ?? inferred(table, hover, /err/i);
  const p99 = numericColumn(table, named.p99) ?? inferred(table, hover, /p99/i);
  const given = named.thresholds;
  const spec: GraphSpec = {
    from: named.from,
    to: named.to,
    hover,
    ...(weight === undefined ? {} : { weight }),
    ...(errorRate === undefined ? {} : { errorRate }),
    ...(p99 === undefined ? {} : { p99 }),
    ...(given === undefined || numericColumn(table, given.column) === undefined
      ? {}
      : { thresholds: given }),
  };
  return { ok: true, spec };
}
