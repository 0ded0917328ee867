import { describe, expect, it } from 'vitest';
import { edgeDetails, edgeLabel, edgeSeverity } from './edge-text.js';
import type { GraphEdge } from './graph-model.js';
import { buildGraphModel } from './graph-model.js';
import type { GraphSpec } from './graph-spec.js';
import { parseGraphSpec } from './graph-spec.js';
import { SERVICE_MAP_SPEC, serviceMapTable } from './testing/tables.js';

const table = serviceMapTable([
  ['frontend', 'cart', 12.3456, 0.0312, 45.23],
  ['cart', 'db', 2, 0, 0.5],
]);
const parsed = parseGraphSpec(SERVICE_MAP_SPEC, table);
if (!parsed.ok) throw new Error(parsed.error);
const spec = parsed.spec;
const model = buildGraphModel(table, spec);
const edge = (overrides: Partial<GraphEdge>): GraphEdge => ({
  from: 'a',
  to: 'b',
  weight: 1,
  row: 0,
  rowCount: 1,
  ...overrides,
});

describe('edge text', () => {
  it('labels an edge with throughput, error rate and p99 in the units tables use', () => {
    expect(edgeLabel(model.edges[0] as GraphEdge, table, spec)).toBe('12.3 /sec 3.12% 45.2 ms');
    expect(edgeLabel(model.edges[1] as GraphEdge, table, spec)).toBe('2 /sec 0.00% 500 µs');
  });

  it('leaves out parts the spec has no column for', () => {
    const bare: GraphSpec = { from: 'requestor', to: 'responder', hover: [] };
    expect(edgeLabel(model.edges[0] as GraphEdge, table, bare)).toBe('');
    const noErrors: GraphSpec = { ...bare, weight: 'throughput', p99: 'p99' };
    expect(edgeLabel(edge({ weight: 1e-9 }), table, noErrors)).toBe('1 /sec');
  });

  it('colours by default limits: error rate ≥ 1% / 5%, p99 ≥ 200 ms / 1 s', () => {
    expect(edgeSeverity(edge({ errorRate: 0.009, p99: 199e6 }), spec)).toBe('low');
    expect(edgeSeverity(edge({ errorRate: 0.01 }), spec)).toBe('medium');
    expect(edgeSeverity(edge({ p99: 250e6 }), spec)).toBe('medium');
    expect(edgeSeverity(edge({ errorRate: 0.05 }), spec)).toBe('high');
    expect(edgeSeverity(edge({ errorRate: 0, p99: 2e9 }), spec)).toBe('high');
    expect(edgeSeverity(edge({}), spec)).toBe('low');
  });

  it('uses the spec thresholds instead when given', () => {
    const withThresholds: GraphSpec = {
      ...spec,
      thresholds: { column: 'throughput', medium: 10, high: 20 },
    };
    expect(edgeSeverity(edge({ colorValue: 9, errorRate: 0.9 }), withThresholds)).toBe('low');
    expect(edgeSeverity(edge({ colorValue: 10 }), withThresholds)).toBe('medium');
    expect(edgeSeverity(edge({ colorValue: 25 }), withThresholds)).toBe('high');
    expect(edgeSeverity(edge({}), withThresholds)).toBe('low');
  });

  it('details list the hover columns of an edge', () => {
    expect(edgeDetails(model.edges[0] as GraphEdge, table, spec)).toBe(
      'frontend → cart  requests 123  throughput 12.3 /sec  error_rate 3.12%  p99 45.2 ms',
    );
  });
});
