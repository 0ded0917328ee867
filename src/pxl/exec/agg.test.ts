import { describe, expect, it } from 'vitest';
import { PxlCheckError } from '../errors.js';
import { binary, call, col, float, int } from '../plan/expr.js';
import type { Agg, AggregateSpec, PlanNode } from '../plan/nodes.js';
import { executePlan } from './execute.js';
import {
  records,
  requestRows,
  scanRequests,
  storeWith,
  type RequestRow,
} from './testing/fixture.js';

const rows = requestRows(300);
const store = storeWith(rows);

function agg(groupBy: string[], aggregates: AggregateSpec[], input: PlanNode = scanRequests): Agg {
  return { kind: 'Agg', input, groupBy, aggregates };
}

/** Plain-loop reference: rows grouped by a key function. */
function groupsOf(key: (r: RequestRow) => string): Map<string, RequestRow[]> {
  const groups = new Map<string, RequestRow[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return groups;
}

function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const below = sorted[low] as number;
  return low + 1 < sorted.length
    ? below + ((sorted[low + 1] as number) - below) * (rank - low)
    : below;
}

describe('Agg', () => {
  it('groups by a string and an int key and computes every aggregate like a plain loop', () => {
    const result = executePlan(
      agg(
        ['service', 'status'],
        [
          { name: 'n', fn: 'count', input: col('latency') },
          { name: 'total_bytes', fn: 'sum', input: col('bytes') },
          { name: 'mean_latency', fn: 'mean', input: col('latency') },
          { name: 'min_latency', fn: 'min', input: col('latency') },
          { name: 'max_latency', fn: 'max', input: col('latency') },
          { name: 'p99', fn: 'quantiles', input: col('latency'), args: [0.99] },
          { name: 'error_rate', fn: 'mean', input: binary('>=', col('status'), int(400)) },
          { name: 'errors', fn: 'sum', input: binary('>=', col('status'), int(400)) },
        ],
      ),
      store,
    );
    const expected = groupsOf((r) => `${r.service}|${r.status}`);
    expect(result.rowCount).toBe(expected.size);
    for (const got of records(result)) {
      const group = expected.get(`${String(got['service'])}|${String(got['status'])}`) ?? [];
      const latencies = group.map((r) => r.latency);
      expect(got['n']).toBe(group.length);
      expect(got['total_bytes']).toBe(group.reduce((s, r) => s + r.bytes, 0));
      expect(got['mean_latency']).toBeCloseTo(
        latencies.reduce((s, v) => s + v, 0) / group.length,
        6,
      );
      expect(got['min_latency']).toBe(Math.min(...latencies));
      expect(got['max_latency']).toBe(Math.max(...latencies));
      expect(got['p99']).toBeCloseTo(exactQuantile(latencies, 0.99), 6);
      const errors = group.filter((r) => r.status >= 400).length;
      expect(got['error_rate']).toBeCloseTo(errors / group.length, 12);
      expect(got['errors']).toBe(errors);
    }
  });

  it('outputs group columns then aggregates, with types and semantic types', () => {
    const result = executePlan(
      agg(
        ['service'],
        [
          { name: 'n', fn: 'count', input: col('latency') },
          { name: 'latency', fn: 'mean', input: col('latency') },
          { name: 'bytes', fn: 'sum', input: col('bytes') },
          { name: 'q', fn: 'quantiles', input: col('latency') },
          {
            name: 'p50_ms',
            fn: 'quantiles',
            input: binary('/', col('latency'), int(1_000_000)),
            args: [0.5],
          },
        ],
      ),
      store,
    );
    expect(result.relation).toEqual([
      { name: 'service', type: 'STRING', semantic: 'ST_NONE' },
      { name: 'n', type: 'INT64', semantic: 'ST_NONE' },
      { name: 'latency', type: 'FLOAT64', semantic: 'ST_DURATION_NS' },
      { name: 'bytes', type: 'INT64', semantic: 'ST_BYTES' },
      { name: 'q', type: 'STRING', semantic: 'ST_DURATION_NS_QUANTILES' },
      { name: 'p50_ms', type: 'FLOAT64', semantic: 'ST_NONE' },
    ]);
  });

  it("gives Pixie's quantiles JSON that pluck_float64 reads", () => {
    const grouped = agg(['service'], [{ name: 'q', fn: 'quantiles', input: col('latency') }]);
    const plucked: PlanNode = {
      kind: 'Map',
      input: grouped,
      assignments: [
        {
          name: 'p90',
          expr: call('pluck_float64', col('q'), { kind: 'Literal', type: 'STRING', value: 'p90' }),
        },
      ],
    };
    const expected = groupsOf((r) => r.service);
    for (const got of records(executePlan(plucked, store))) {
      const latencies = (expected.get(String(got['service'])) ?? []).map((r) => r.latency);
      const json = JSON.parse(String(got['q'])) as Record<string, number>;
      expect(Object.keys(json)).toEqual(['p01', 'p10', 'p25', 'p50', 'p75', 'p90', 'p99']);
      expect(json['p50']).toBeCloseTo(exactQuantile(latencies, 0.5), 6);
      expect(got['p90']).toBeCloseTo(exactQuantile(latencies, 0.9), 6);
    }
  });

  it('groups by upid, a boolean and a binned time without losing nanoseconds', () => {
    const window = 60_000_000_000;
    const input: PlanNode = {
      kind: 'Map',
      input: scanRequests,
      assignments: [{ name: 'minute', expr: call('bin', col('time_'), int(window)) }],
    };
    const result = executePlan(
      agg(['upid', 'ok', 'minute'], [{ name: 'n', fn: 'count', input: col('time_') }], input),
      store,
    );
    const bigWindow = BigInt(window);
    const expected = groupsOf((r) => `${r.upid}|${r.ok}|${r.time - (r.time % bigWindow)}`);
    expect(result.rowCount).toBe(expected.size);
    for (const got of records(result)) {
      const key = `${String(got['upid'])}|${String(got['ok'])}|${String(got['minute'])}`;
      expect(got['n']).toBe(expected.get(key)?.length);
    }
  });

  it('keeps time extremes exact', () => {
    const result = executePlan(
      agg(
        ['service'],
        [
          { name: 'first', fn: 'min', input: col('time_') },
          { name: 'last', fn: 'max', input: col('time_') },
        ],
      ),
      store,
    );
    const expected = groupsOf((r) => r.service);
    for (const got of records(result)) {
      const times = (expected.get(String(got['service'])) ?? []).map((r) => r.time);
      expect(got['first']).toBe(times.reduce((a, b) => (b < a ? b : a)));
      expect(got['last']).toBe(times.reduce((a, b) => (b > a ? b : a)));
    }
  });

  it('any() returns a value of the group', () => {
    const result = executePlan(
      agg(['service'], [{ name: 'some_path', fn: 'any', input: col('path') }]),
      store,
    );
    const expected = groupsOf((r) => r.service);
    for (const got of records(result)) {
      const paths = (expected.get(String(got['service'])) ?? []).map((r) => r.path);
      expect(paths).toContain(got['some_path']);
    }
  });

  it('aggregates the whole frame without group columns, and gives one row for no input', () => {
    const whole = records(
      executePlan(agg([], [{ name: 'n', fn: 'count', input: col('latency') }]), store),
    );
    expect(whole).toEqual([{ n: rows.length }]);
    const nothing: PlanNode = {
      kind: 'Filter',
      input: scanRequests,
      predicate: binary('<', col('latency'), int(0)),
    };
    const empty = records(
      executePlan(
        agg(
          [],
          [
            { name: 'n', fn: 'count', input: col('latency') },
            { name: 'mean', fn: 'mean', input: col('latency') },
          ],
          nothing,
        ),
        store,
      ),
    );
    expect(empty).toHaveLength(1);
    expect(empty[0]?.['n']).toBe(0);
    expect(empty[0]?.['mean']).toBeNaN();
    expect(
      executePlan(
        agg(['service'], [{ name: 'n', fn: 'count', input: col('latency') }], nothing),
        store,
      ).rowCount,
    ).toBe(0);
  });

  it('gives the distinct groups when there are no aggregates', () => {
    const result = executePlan(agg(['service', 'path'], []), store);
    expect(result.rowCount).toBe(groupsOf((r) => `${r.service}|${r.path}`).size);
  });

  it('reports unknown aggregates, columns and bad input types as check errors', () => {
    const bad: [AggregateSpec[], string[], string][] = [
      [[{ name: 'x', fn: 'median', input: col('latency') }], [], 'check.unknown-aggregate'],
      [[{ name: 'x', fn: 'sum', input: col('service') }], [], 'check.bad-arguments'],
      [
        [{ name: 'x', fn: 'quantiles', input: col('latency'), args: [1.5] }],
        [],
        'check.bad-arguments',
      ],
      [[{ name: 'x', fn: 'count', input: col('nope') }], [], 'check.unknown-column'],
      [[], ['nope'], 'check.unknown-column'],
      [
        [{ name: 'service', fn: 'count', input: col('latency') }],
        ['service'],
        'check.duplicate-column',
      ],
    ];
    for (const [aggregates, groupBy, code] of bad) {
      expect(() => executePlan(agg(groupBy, aggregates), store)).toThrow(PxlCheckError);
      try {
        executePlan(agg(groupBy, aggregates), store);
      } catch (error) {
        expect((error as PxlCheckError).code).toBe(code);
      }
    }
  });

  it('supports expressions as aggregate inputs (lambdas in the course dialect)', () => {
    const result = executePlan(
      agg(
        ['service'],
        [
          { name: 'slow_share', fn: 'mean', input: binary('>', col('latency'), int(100_000)) },
          { name: 'ratio_sum', fn: 'sum', input: binary('*', col('ratio'), float(2)) },
        ],
      ),
      store,
    );
    const expected = groupsOf((r) => r.service);
    for (const got of records(result)) {
      const group = expected.get(String(got['service'])) ?? [];
      expect(got['slow_share']).toBeCloseTo(
        group.filter((r) => r.latency > 100_000).length / group.length,
        12,
      );
      expect(got['ratio_sum']).toBeCloseTo(
        group.reduce((s, r) => s + r.ratio * 2, 0),
        9,
      );
    }
  });
});
