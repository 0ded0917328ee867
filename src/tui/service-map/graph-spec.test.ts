import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGraphSpec } from './graph-spec.js';
import { resultTable, SERVICE_MAP_SPEC, serviceMapTable } from './testing/tables.js';

const table = serviceMapTable([['frontend', 'cart', 5, 0.01, 40]]);

describe('parseGraphSpec: Graph', () => {
  it('reads adjacency, weight and hover columns, inferring error rate and p99 from names', () => {
    const result = parseGraphSpec(SERVICE_MAP_SPEC, table);
    expect(result).toEqual({
      ok: true,
      spec: {
        from: 'requestor',
        to: 'responder',
        weight: 'throughput',
        errorRate: 'error_rate',
        p99: 'p99',
        hover: ['requests', 'throughput', 'error_rate', 'p99'],
      },
    });
  });

  it('colours by the weight unless edgeColorColumn names another column; int64 may be text', () => {
    const byWeight = parseGraphSpec(
      { ...SERVICE_MAP_SPEC, edgeThresholds: { mediumThreshold: 100, highThreshold: '200' } },
      table,
    );
    expect(byWeight.ok && byWeight.spec.thresholds).toEqual({
      column: 'throughput',
      medium: 100,
      high: 200,
    });
    const byP99 = parseGraphSpec(
      {
        ...SERVICE_MAP_SPEC,
        edgeColorColumn: 'p99',
        edgeThresholds: { mediumThreshold: 1e8, highThreshold: 5e8 },
      },
      table,
    );
    expect(byP99.ok && byP99.spec.thresholds).toEqual({ column: 'p99', medium: 1e8, high: 5e8 });
  });

  it('ignores thresholds that are not numbers or are out of order', () => {
    for (const edgeThresholds of [
      { mediumThreshold: 'x', highThreshold: 5 },
      { mediumThreshold: 9, highThreshold: 5 },
      { mediumThreshold: 1 },
      'high',
    ]) {
      const result = parseGraphSpec({ ...SERVICE_MAP_SPEC, edgeThresholds }, table);
      expect(result.ok && result.spec.thresholds).toBeUndefined();
    }
  });

  it('drops hover, weight and colour columns the table lacks (and non-numeric weights)', () => {
    const result = parseGraphSpec(
      {
        ...SERVICE_MAP_SPEC,
        edgeWeightColumn: 'requestor',
        edgeColorColumn: 'gone',
        edgeThresholds: { mediumThreshold: 1, highThreshold: 2 },
        edgeHoverInfo: ['gone', 'p50', 'p50', 7],
      },
      table,
    );
    expect(result).toEqual({
      ok: true,
      spec: {
        from: 'requestor',
        to: 'responder',
        // No hover column names an error rate or p99, so any table column named so stands in.
        errorRate: 'error_rate',
        p99: 'p99',
        hover: ['p50'],
      },
    });
  });

  it('works on a table with only the from and to columns', () => {
    const bare = resultTable('t', [
      { name: 'a', type: 'STRING', values: ['x'] },
      { name: 'b', type: 'STRING', values: ['y'] },
    ]);
    const spec = { ...SERVICE_MAP_SPEC, adjacencyList: { fromColumn: 'a', toColumn: 'b' } };
    expect(parseGraphSpec(spec, bare)).toEqual({
      ok: true,
      spec: { from: 'a', to: 'b', hover: [] },
    });
  });

  it('returns an error (never throws) for missing from/to columns and malformed specs', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [[SERVICE_MAP_SPEC], /not an object/],
      ['graph', /not an object/],
      [{ adjacencyList: {} }, /not a graph display spec: no @type/],
      [{ '@type': 'types.px.dev/px.vispb.Table' }, /not a graph display spec: .*Table/],
      [{ '@type': 'types.px.dev/px.vispb.Graph', dotColumn: 'dot' }, /dotColumn is not supported/],
      [{ '@type': 'types.px.dev/px.vispb.Graph' }, /no adjacencyList/],
      [
        { '@type': 'types.px.dev/px.vispb.Graph', adjacencyList: { fromColumn: 'requestor' } },
        /needs fromColumn and toColumn/,
      ],
      [
        { ...SERVICE_MAP_SPEC, adjacencyList: { fromColumn: 'src', toColumn: 'responder' } },
        /column "src" is not in table "service_map"/,
      ],
      [{ '@type': 'types.px.dev/px.vispb.RequestGraph' }, /needs requestor and responder/],
    ];
    for (const [spec, error] of cases) {
      const result = parseGraphSpec(spec, table);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(error);
    }
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (value, inner) => {
        const shaped = { '@type': 'types.px.dev/px.vispb.Graph', adjacencyList: inner, x: value };
        expect(() => parseGraphSpec(value, table)).not.toThrow();
        expect(() => parseGraphSpec(shaped, table)).not.toThrow();
      }),
    );
  });
});

describe('parseGraphSpec: RequestGraph', () => {
  const requestGraph = resultTable('rg', [
    { name: 'requestor_pod', type: 'STRING', values: ['ns/a-1'] },
    { name: 'responder_pod', type: 'STRING', values: ['ns/b-1'] },
    { name: 'requestor_service', type: 'STRING', values: ['ns/a'] },
    { name: 'responder_service', type: 'STRING', values: ['ns/b'] },
    { name: 'rps', type: 'FLOAT64', values: [3] },
    { name: 'errors', type: 'FLOAT64', semantic: 'ST_PERCENT', values: [0.1] },
    { name: 'latency_p99', type: 'INT64', semantic: 'ST_DURATION_NS', values: [5e6] },
  ]);
  const spec = {
    '@type': 'types.px.dev/px.vispb.RequestGraph',
    requestorPodColumn: 'requestor_pod',
    responderPodColumn: 'responder_pod',
    requestorServiceColumn: 'requestor_service',
    responderServiceColumn: 'responder_service',
    requestsPerSecondColumn: 'rps',
    errorRateColumn: 'errors',
    p99Column: 'latency_p99',
    p50Column: 'latency_p50',
  };

  it('maps services, requests per second, error rate and p99', () => {
    expect(parseGraphSpec(spec, requestGraph)).toEqual({
      ok: true,
      spec: {
        from: 'requestor_service',
        to: 'responder_service',
        weight: 'rps',
        errorRate: 'errors',
        p99: 'latency_p99',
        hover: ['rps', 'errors', 'latency_p99'],
      },
    });
  });

  it('falls back to pod columns when the service columns are not in the table', () => {
    const result = parseGraphSpec(
      { ...spec, requestorServiceColumn: 'x', responderServiceColumn: 'y' },
      requestGraph,
    );
    expect(result.ok && [result.spec.from, result.spec.to]).toEqual([
      'requestor_pod',
      'responder_pod',
    ]);
  });
});
