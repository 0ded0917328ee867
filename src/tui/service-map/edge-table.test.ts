import { describe, expect, it } from 'vitest';
import type { MapRow } from './canvas.js';
import { rowWidth } from './canvas.js';
import { edgeTableRows } from './edge-table.js';
import { buildGraphModel } from './graph-model.js';
import { parseGraphSpec } from './graph-spec.js';
import { SERVICE_MAP_SPEC, serviceMapTable } from './testing/tables.js';

const table = serviceMapTable([
  ['cart', 'db', 2, 0, 3],
  ['frontend', 'cart', 12.3456, 0.0312, 45.2],
  ['frontend', 'checkout', 5, 0.08, 1200],
]);
const parsed = parseGraphSpec(SERVICE_MAP_SPEC, table);
if (!parsed.ok) throw new Error(parsed.error);
const spec = parsed.spec;
const model = buildGraphModel(table, spec);
const texts = (rows: readonly MapRow[]) => rows.map((r) => r.map((s) => s.text).join(''));
const plain = () => ({});

describe('edgeTableRows', () => {
  it('lists edges heaviest first with throughput, errors and p99', () => {
    const rows = edgeTableRows(model, table, spec, { width: 60, height: 10 }, plain);
    expect(texts(rows)).toEqual([
      'FROM → TO                             REQ/S  ERRORS      P99',
      'frontend → cart                   12.3 /sec   3.12%  45.2 ms',
      'frontend → checkout                  5 /sec   8.00%    1.2 s',
      'cart → db                            2 /sec   0.00%     3 ms',
    ]);
    expect(rows[0]?.[0]?.bold).toBe(true);
  });

  it('shows as many rows as fit and scrolls to keep the selected edge in view', () => {
    const size = { width: 60, height: 2 };
    expect(texts(edgeTableRows(model, table, spec, size, plain))[1]).toMatch(/^frontend → cart /);
    const rows = edgeTableRows(model, table, spec, size, plain, 2);
    expect(rows).toHaveLength(2);
    expect(texts(rows)[1]).toMatch(/^cart → db /);
    expect(rows[1]?.[0]?.inverse).toBe(true);
  });

  it('drops number columns from the right before squeezing the route below 12 cells', () => {
    const rows = edgeTableRows(model, table, spec, { width: 30, height: 10 }, plain);
    expect(texts(rows)[0]).toBe('FROM → TO                REQ/S');
    expect(rows.every((r) => rowWidth(r) <= 30)).toBe(true);
    const tiny = edgeTableRows(model, table, spec, { width: 8, height: 10 }, plain);
    expect(texts(tiny)[2]).toBe('fronten…');
    expect(tiny.every((r) => rowWidth(r) <= 8)).toBe(true);
  });

  it('colours rows like the map', () => {
    const rows = edgeTableRows(model, table, spec, { width: 60, height: 10 }, (i) =>
      i === 1 ? { color: 'red' } : {},
    );
    expect(rows[2]?.[0]?.color).toBe('red');
    expect(rows[1]?.[0]?.color).toBeUndefined();
  });

  it('renders nothing without room', () => {
    expect(edgeTableRows(model, table, spec, { width: 0, height: 5 }, plain)).toEqual([]);
    expect(edgeTableRows(model, table, spec, { width: 10, height: 0 }, plain)).toEqual([]);
  });
});
