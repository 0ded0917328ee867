import { describe, expect, it } from 'vitest';
import { buildGraphModel, UNKNOWN_NODE } from './graph-model.js';
import type { GraphSpec } from './graph-spec.js';
import { parseGraphSpec } from './graph-spec.js';
import type { ResultTable } from '../../pxl/exec/result.js';
import { resultTable, SERVICE_MAP_SPEC, serviceMapTable } from './testing/tables.js';

function specFor(table: ResultTable, displaySpec: unknown = SERVICE_MAP_SPEC): GraphSpec {
  const parsed = parseGraphSpec(displaySpec, table);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.spec;
}

describe('buildGraphModel', () => {
  it('lists distinct nodes by name with the request totals into and out of each', () => {
    const table = serviceMapTable([
      ['frontend', 'cart', 10, 0, 5],
      ['frontend', 'checkout', 4, 0, 5],
      ['checkout', 'cart', 2, 0, 5],
    ]);
    const model = buildGraphModel(table, specFor(table));
    const rounded = model.nodes.map((n) => ({
      name: n.name,
      inWeight: n.inWeight * 1e9,
      outWeight: n.outWeight * 1e9,
    }));
    expect(rounded.map((n) => n.name)).toEqual(['cart', 'checkout', 'frontend']);
    expect(rounded[0]?.inWeight).toBeCloseTo(12);
    expect(rounded[0]?.outWeight).toBe(0);
    expect(rounded[1]?.inWeight).toBeCloseTo(4);
    expect(rounded[1]?.outWeight).toBeCloseTo(2);
    expect(rounded[2]?.outWeight).toBeCloseTo(14);
  });

  it('sorts edges heaviest first, ties by from then to', () => {
    const table = serviceMapTable([
      ['b', 'c', 1, 0, 1],
      ['a', 'c', 1, 0, 1],
      ['a', 'b', 1, 0, 1],
      ['x', 'y', 7, 0, 1],
    ]);
    const model = buildGraphModel(table, specFor(table));
    expect(model.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['x>y', 'a>b', 'a>c', 'b>c']);
  });

  it('merges duplicate rows: weights add, error rate is weight-averaged, p99 is the heaviest row', () => {
    const table = serviceMapTable([
      ['api', 'db', 30, 0.1, 80],
      ['api', 'db', 10, 0.5, 900],
      ['api', 'cache', 5, 0, 2],
    ]);
    const model = buildGraphModel(table, specFor(table));
    const edge = model.edges[0];
    expect(edge?.to).toBe('db');
    expect(edge?.rowCount).toBe(2);
    expect((edge?.weight ?? 0) * 1e9).toBeCloseTo(40);
    expect(edge?.errorRate).toBeCloseTo((30 * 0.1 + 10 * 0.5) / 40);
    expect(edge?.p99).toBe(80e6);
    expect(edge?.row).toBe(0);
    expect(model.edges).toHaveLength(2);
  });

  it('without a weight column counts rows; a colour column other than the weight keeps the heaviest value', () => {
    const table = serviceMapTable([
      ['a', 'b', 1, 0, 10],
      ['a', 'b', 1, 0, 30],
      ['b', 'c', 1, 0, 20],
    ]);
    const spec = specFor(table, {
      ...SERVICE_MAP_SPEC,
      edgeWeightColumn: undefined,
      edgeColorColumn: 'p99',
      edgeThresholds: { mediumThreshold: 1, highThreshold: 2 },
    });
    const model = buildGraphModel(table, spec);
    expect(model.edges.map((e) => [e.from, e.to, e.weight])).toEqual([
      ['a', 'b', 2],
      ['b', 'c', 1],
    ]);
    expect(model.edges[0]?.colorValue).toBe(10e6);
  });

  it('colours merged edges by their merged error rate when edgeColorColumn is the error rate', () => {
    const table = serviceMapTable([
      ['api', 'db', 30, 0.1, 80],
      ['api', 'db', 10, 0.5, 900],
    ]);
    const spec = specFor(table, {
      ...SERVICE_MAP_SPEC,
      edgeColorColumn: 'error_rate',
      edgeThresholds: { mediumThreshold: 0.01, highThreshold: 0.05 },
    });
    const [edge] = buildGraphModel(table, spec).edges;
    expect(edge?.colorValue).toBeCloseTo(0.2);
    expect(edge?.colorValue).toBe(edge?.errorRate);
  });

  it('names empty endpoints, treats non-finite weights as 0 and plain-averages zero-weight errors', () => {
    const table = resultTable('t', [
      { name: 'from', type: 'STRING', values: ['', 'a', 'a'] },
      { name: 'to', type: 'STRING', values: ['a', 'b', 'b'] },
      { name: 'w', type: 'FLOAT64', values: [Number.NaN, 0, 0] },
      { name: 'err', type: 'FLOAT64', semantic: 'ST_PERCENT', values: [0, 0.2, 0.4] },
    ]);
    const spec = specFor(table, {
      '@type': 'types.px.dev/px.vispb.Graph',
      adjacencyList: { fromColumn: 'from', toColumn: 'to' },
      edgeWeightColumn: 'w',
      edgeHoverInfo: ['err'],
    });
    const model = buildGraphModel(table, spec);
    expect(model.nodes.map((n) => n.name)).toEqual([UNKNOWN_NODE, 'a', 'b']);
    const ab = model.edges.find((e) => e.from === 'a');
    expect(ab?.weight).toBe(0);
    expect(ab?.errorRate).toBeCloseTo(0.3);
  });

  it('gives an empty model for an empty table', () => {
    const table = serviceMapTable([]);
    expect(buildGraphModel(table, specFor(table))).toEqual({ nodes: [], edges: [] });
  });
});
