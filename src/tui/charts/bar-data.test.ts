import { describe, expect, it } from 'vitest';
import type { ResultColumn } from '../../pxl/exec/result.js';
import { extractBars, MAX_STACKS, OTHER_STACK, parseBarSpec, type BarSpec } from './bar-data.js';
import { numberColumn, resultTable, stringColumn } from './testing/chart-table.js';

const requests = resultTable([
  stringColumn('service', ['web', 'db', 'web', 'cache', 'db']),
  stringColumn('method', ['GET', 'GET', 'POST', 'GET', 'POST']),
  stringColumn('node', ['n1', 'n1', 'n2', 'n2', 'n2']),
  numberColumn('latency', [1e6, 4e6, 2e6, 5e5, 1e6], 'ST_DURATION_NS'),
]);
const spec = (extra: Partial<BarSpec> = {}): BarSpec => ({
  value: 'latency',
  label: 'service',
  ...extra,
});

describe('parseBarSpec', () => {
  it('reads the bar fields and the title', () => {
    const raw = {
      '@type': 'types.px.dev/px.vispb.BarChart',
      bar: { value: 'v', label: 'l', stackBy: 's', groupBy: 'g', horizontal: true },
      title: 'Bars',
    };
    expect(parseBarSpec(raw)).toEqual({
      value: 'v',
      label: 'l',
      stackBy: 's',
      groupBy: 'g',
      title: 'Bars',
    });
  });

  it('leaves out empty or non-string fields', () => {
    expect(parseBarSpec({ bar: { value: 'v', label: 'l', stackBy: '', groupBy: 3 } })).toEqual({
      value: 'v',
      label: 'l',
    });
  });

  it('gives undefined without a value or label column', () => {
    expect(parseBarSpec({ bar: { value: 'v' } })).toBeUndefined();
    expect(parseBarSpec({ bar: { label: 'l' } })).toBeUndefined();
    expect(parseBarSpec(null)).toBeUndefined();
    expect(parseBarSpec({ bar: [] })).toBeUndefined();
  });
});

describe('extractBars', () => {
  it('sums rows per label, in the order labels first appear', () => {
    const data = extractBars(requests, spec());
    expect(data.bars).toEqual([
      { label: 'web', parts: [3e6], total: 3e6 },
      { label: 'db', parts: [5e6], total: 5e6 },
      { label: 'cache', parts: [5e5], total: 5e5 },
    ]);
    expect(data.stacks).toEqual([]);
    expect(data.column).toEqual({ type: 'FLOAT64', semantic: 'ST_DURATION_NS' });
  });

  it('splits bars into stacks named in sorted order', () => {
    const data = extractBars(requests, spec({ stackBy: 'method' }));
    expect(data.stacks).toEqual(['GET', 'POST']);
    expect(data.bars).toEqual([
      { label: 'web', parts: [1e6, 2e6], total: 3e6 },
      { label: 'db', parts: [4e6, 1e6], total: 5e6 },
      { label: 'cache', parts: [5e5, 0], total: 5e5 },
    ]);
  });

  it('stacks by groupBy alone, and prefixes labels with it when stackBy is there too', () => {
    expect(extractBars(requests, spec({ groupBy: 'method' })).stacks).toEqual(['GET', 'POST']);
    const both = extractBars(requests, spec({ stackBy: 'method', groupBy: 'node' }));
    expect(both.bars.map((b) => [b.label, b.parts])).toEqual([
      ['n1 · web', [1e6, 0]],
      ['n1 · db', [4e6, 0]],
      ['n2 · web', [0, 2e6]],
      ['n2 · cache', [5e5, 0]],
      ['n2 · db', [0, 1e6]],
    ]);
  });

  it('keeps the largest stacks and sums the rest into one', () => {
    const n = MAX_STACKS + 2;
    const table = resultTable([
      stringColumn(
        'service',
        Array.from({ length: n }, () => 'web'),
      ),
      stringColumn(
        'pod',
        Array.from({ length: n }, (_, i) => `pod-${i}`),
      ),
      numberColumn(
        'latency',
        Array.from({ length: n }, (_, i) => i + 1),
      ),
    ]);
    const data = extractBars(table, spec({ stackBy: 'pod' }));
    expect(data.stacks).toHaveLength(MAX_STACKS);
    // Seven of ten pods keep their colour; pod-0 (1), pod-1 (2) and pod-2 (3) share the last.
    expect(data.stacks.slice(0, 2)).toEqual(['pod-3', 'pod-4']);
    expect(data.stacks.at(-1)).toBe(OTHER_STACK);
    expect(data.bars[0]?.parts.at(-1)).toBe(6);
    expect(data.bars[0]?.total).toBe((n * (n + 1)) / 2);
  });

  it('takes only the given rows, in their order', () => {
    const data = extractBars(requests, spec(), [4, 0]);
    expect(data.bars.map((b) => [b.label, b.total])).toEqual([
      ['db', 1e6],
      ['web', 1e6],
    ]);
  });

  it('skips NaN values and names empty labels', () => {
    const table = resultTable([
      stringColumn('service', ['', 'web', 'web']),
      numberColumn('latency', [1, Number.NaN, 2]),
    ]);
    expect(extractBars(table, spec()).bars).toEqual([
      { label: '(none)', parts: [1], total: 1 },
      { label: 'web', parts: [2], total: 2 },
    ]);
  });

  it('formats labels from non-string columns', () => {
    const table = resultTable([
      numberColumn('status', [200, 500]),
      numberColumn('latency', [1, 2]),
    ]);
    expect(extractBars(table, spec({ label: 'status' })).bars.map((b) => b.label)).toEqual([
      '200',
      '500',
    ]);
  });

  it('gives no bars for missing or non-numeric columns', () => {
    expect(extractBars(requests, spec({ value: 'absent' })).bars).toEqual([]);
    expect(extractBars(requests, spec({ label: 'absent' })).bars).toEqual([]);
    expect(extractBars(requests, spec({ value: 'method' })).bars).toEqual([]);
  });

  it('treats a missing stack column as no split', () => {
    const data = extractBars(requests, spec({ stackBy: 'absent' }));
    expect(data.stacks).toEqual([]);
    expect(data.bars).toHaveLength(3);
  });

  it('reads INT64 and BOOLEAN value columns', () => {
    const flags: ResultColumn = {
      name: 'latency',
      type: 'BOOLEAN',
      semantic: 'ST_NONE',
      values: Uint8Array.from([1, 0, 1]),
    };
    const table = resultTable([stringColumn('service', ['a', 'a', 'b']), flags]);
    expect(extractBars(table, spec()).bars.map((b) => b.total)).toEqual([1, 1]);
  });
});
