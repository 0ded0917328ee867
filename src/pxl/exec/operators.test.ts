import { describe, expect, it } from 'vitest';
import { PxlCheckError } from '../errors.js';
import { binary, call, col, int, str, time } from '../plan/expr.js';
import type { PlanNode, Sort } from '../plan/nodes.js';
import { executePlan, executeQuery } from './execute.js';
import { records, requestRows, scanRequests, storeWith, T0 } from './testing/fixture.js';

const rows = requestRows(120);
const store = storeWith(rows);

describe('Scan', () => {
  it('reads every row of every chunk, columns in schema order', () => {
    const result = executePlan(scanRequests, store);
    expect(result.rowCount).toBe(rows.length);
    expect(records(result)[7]).toEqual({
      time_: rows[7]?.time,
      upid: rows[7]?.upid,
      service: rows[7]?.service,
      path: rows[7]?.path,
      latency: rows[7]?.latency,
      status: rows[7]?.status,
      bytes: rows[7]?.bytes,
      ok: rows[7]?.ok,
      ratio: rows[7]?.ratio,
    });
  });

  it('keeps the rows within [startNs, endNs] exactly, to the nanosecond', () => {
    const start = (rows[10]?.time ?? 0n) + 1n; // excludes row 10 by one ns
    const end = rows[50]?.time ?? 0n; // includes row 50
    const result = executePlan(
      { kind: 'Scan', table: 'requests', startNs: start, endNs: end, select: ['time_'] },
      store,
    );
    const expected = rows.filter((r) => r.time >= start && r.time <= end).map((r) => r.time);
    expect(records(result).map((r) => r['time_'])).toEqual(expected);
    expect(expected[0]).toBe(rows[11]?.time);
    expect(expected.at(-1)).toBe(end);
  });

  it('selects columns in the order asked', () => {
    const result = executePlan(
      { kind: 'Scan', table: 'requests', select: ['status', 'service'] },
      store,
    );
    expect(result.relation.map((f) => f.name)).toEqual(['status', 'service']);
  });

  it('names the tables or columns that exist when asked for others', () => {
    expect(() => executePlan({ kind: 'Scan', table: 'nope' }, store)).toThrow(/no table 'nope'/);
    expect(() => executePlan({ kind: 'Scan', table: 'requests', select: ['nope'] }, store)).toThrow(
      PxlCheckError,
    );
  });

  it('reads one snapshot per query: rows appended later are not seen', () => {
    const local = storeWith(rows.slice(0, 20));
    const results = executeQuery(
      {
        outputs: [
          { name: 'a', plan: scanRequests },
          { name: 'a', plan: scanRequests },
        ],
      },
      local,
    );
    expect(results.map((r) => [r.name, r.rowCount])).toEqual([
      ['a', 20],
      ['a_1', 20],
    ]);
  });
});

describe('Filter, Map, Project, Drop, Limit', () => {
  it('filters with compound predicates on strings and numbers', () => {
    const predicate = binary(
      'and',
      binary('==', col('service'), str('cart')),
      binary('|', binary('>=', col('status'), int(400)), call('contains', col('path'), str('/c/'))),
    );
    const result = executePlan({ kind: 'Filter', input: scanRequests, predicate }, store);
    const expected = rows.filter(
      (r) => r.service === 'cart' && (r.status >= 400 || r.path.includes('/c/')),
    );
    expect(records(result).map((r) => r['latency'])).toEqual(expected.map((r) => r.latency));
  });

  it('rejects a non-boolean filter', () => {
    expect(() =>
      executePlan({ kind: 'Filter', input: scanRequests, predicate: col('status') }, store),
    ).toThrow(/BOOLEAN/);
  });

  it('maps in order: replaced columns keep their place, new ones go last, later ones see earlier', () => {
    const node: PlanNode = {
      kind: 'Map',
      input: { kind: 'Scan', table: 'requests', select: ['latency', 'status'] },
      assignments: [
        { name: 'latency_ms', expr: binary('/', col('latency'), int(1_000_000)) },
        { name: 'status', expr: binary('+', col('status'), int(1)) },
        { name: 'double_ms', expr: binary('*', col('latency_ms'), int(2)) },
      ],
    };
    const result = executePlan(node, store);
    expect(result.relation).toEqual([
      { name: 'latency', type: 'INT64', semantic: 'ST_DURATION_NS' },
      { name: 'status', type: 'INT64', semantic: 'ST_NONE' },
      { name: 'latency_ms', type: 'FLOAT64', semantic: 'ST_NONE' },
      { name: 'double_ms', type: 'FLOAT64', semantic: 'ST_NONE' },
    ]);
    const first = records(result)[0];
    expect(first?.['status']).toBe((rows[0]?.status ?? 0) + 1);
    expect(first?.['double_ms']).toBeCloseTo(((rows[0]?.latency ?? 0) / 1e6) * 2, 12);
  });

  it('projects in the given order and drops columns', () => {
    const kept = executePlan(
      { kind: 'Project', input: scanRequests, columns: ['path', 'service'] },
      store,
    );
    expect(kept.relation.map((f) => f.name)).toEqual(['path', 'service']);
    expect(records(kept)[3]).toEqual({ path: rows[3]?.path, service: rows[3]?.service });
    const dropped = executePlan(
      { kind: 'Drop', input: scanRequests, columns: ['upid', 'ratio', 'time_'] },
      store,
    );
    expect(dropped.relation.map((f) => f.name)).toEqual([
      'service',
      'path',
      'latency',
      'status',
      'bytes',
      'ok',
    ]);
    expect(() =>
      executePlan({ kind: 'Drop', input: scanRequests, columns: ['nope'] }, store),
    ).toThrow(PxlCheckError);
    expect(() =>
      executePlan({ kind: 'Project', input: scanRequests, columns: ['path', 'path'] }, store),
    ).toThrow(/twice/);
  });

  it('limits to the first n rows across chunks', () => {
    for (const n of [0, 1, 7, 8, 50, 1000]) {
      const result = executePlan({ kind: 'Limit', input: scanRequests, n }, store);
      expect(records(result).map((r) => r['time_'])).toEqual(rows.slice(0, n).map((r) => r.time));
    }
    expect(() => executePlan({ kind: 'Limit', input: scanRequests, n: -1 }, store)).toThrow(
      PxlCheckError,
    );
  });
});

describe('Sort', () => {
  const sort = (
    keys: string[],
    ascending: Sort['ascending'],
    input: PlanNode = scanRequests,
  ): Sort => ({
    kind: 'Sort',
    input,
    keys,
    ascending,
  });

  it('orders by several keys with per-key direction, stably', () => {
    const result = records(executePlan(sort(['service', 'latency'], [true, false]), store));
    const expected = [...rows].sort((a, b) =>
      a.service === b.service ? b.latency - a.latency : a.service < b.service ? -1 : 1,
    );
    expect(result.map((r) => `${String(r['service'])}:${String(r['latency'])}`)).toEqual(
      expected.map((r) => `${r.service}:${r.latency}`),
    );
    const byOk = records(executePlan(sort(['ok'], true), store));
    const stable = [...rows.filter((r) => !r.ok), ...rows.filter((r) => r.ok)];
    expect(byOk.map((r) => r['time_'])).toEqual(stable.map((r) => r.time));
  });

  it('orders times exactly and puts NaN last either way', () => {
    const desc = records(executePlan(sort(['time_'], false), store)).map((r) => r['time_']);
    expect(desc).toEqual([...rows].reverse().map((r) => r.time));
    const withNaN: PlanNode = {
      kind: 'Map',
      input: scanRequests,
      assignments: [
        {
          name: 'x',
          expr: binary(
            '/',
            binary('-', col('status'), int(200)),
            binary('-', col('status'), int(200)),
          ),
        },
      ],
    };
    for (const ascending of [true, false]) {
      const xs = records(executePlan(sort(['x'], ascending, withNaN), store)).map(
        (r) => r['x'] as number,
      );
      const firstNaN = xs.findIndex((x) => Number.isNaN(x));
      expect(firstNaN).toBeGreaterThan(0);
      expect(xs.slice(firstNaN).every((x) => Number.isNaN(x))).toBe(true);
    }
  });

  it('checks its keys and flags', () => {
    expect(() => executePlan(sort(['nope'], true), store)).toThrow(PxlCheckError);
    expect(() => executePlan(sort(['service', 'status'], [true]), store)).toThrow(
      /ascending flags/,
    );
  });
});

describe('Union', () => {
  const part = (from: number, to: number): PlanNode => ({
    kind: 'Filter',
    input: scanRequests,
    predicate: binary(
      'and',
      binary('>=', col('time_'), time(rows[from]?.time ?? 0n)),
      binary('<', col('time_'), time(rows[to]?.time ?? 0n)),
    ),
  });

  it('appends inputs and orders the rows by time_', () => {
    const result = executePlan({ kind: 'Union', inputs: [part(60, 90), part(0, 30)] }, store);
    expect(records(result).map((r) => r['time_'])).toEqual(
      [...rows.slice(0, 30), ...rows.slice(60, 90)].map((r) => r.time),
    );
  });

  it('matches columns by name and refuses different relations', () => {
    const reordered: PlanNode = {
      kind: 'Project',
      input: scanRequests,
      columns: ['status', 'service'],
    };
    const other: PlanNode = {
      kind: 'Project',
      input: scanRequests,
      columns: ['service', 'status'],
    };
    const result = executePlan({ kind: 'Union', inputs: [other, reordered] }, store);
    expect(result.rowCount).toBe(rows.length * 2);
    expect(result.relation.map((f) => f.name)).toEqual(['service', 'status']);
    const mismatched: PlanNode = {
      kind: 'Project',
      input: scanRequests,
      columns: ['service', 'latency'],
    };
    expect(() => executePlan({ kind: 'Union', inputs: [other, mismatched] }, store)).toThrow(
      /same columns/,
    );
  });
});

describe('time precision', () => {
  it('keeps nanoseconds through filter, map and bin', () => {
    const node: PlanNode = {
      kind: 'Map',
      input: {
        kind: 'Filter',
        input: scanRequests,
        predicate: binary('>', col('time_'), time(T0 + 10_000_000_001n)),
      },
      assignments: [
        { name: 'later', expr: binary('+', col('time_'), int(1)) },
        { name: 'bucket', expr: call('bin', col('time_'), int(1_000_000_007)) },
        { name: 'age', expr: binary('-', col('time_'), time(T0)) },
      ],
    };
    const got = records(executePlan(node, store));
    const expected = rows.filter((r) => r.time > T0 + 10_000_000_001n);
    expect(got.map((r) => r['time_'])).toEqual(expected.map((r) => r.time));
    expect(got.map((r) => r['later'])).toEqual(expected.map((r) => r.time + 1n));
    expect(got.map((r) => r['bucket'])).toEqual(
      expected.map((r) => r.time - (r.time % 1_000_000_007n)),
    );
    expect(got.map((r) => r['age'])).toEqual(expected.map((r) => Number(r.time - T0)));
  });
});
