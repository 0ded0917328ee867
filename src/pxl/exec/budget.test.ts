import { describe, expect, it } from 'vitest';
import { PxlCheckError, PxlRuntimeError } from '../errors.js';
import { col } from '../plan/expr.js';
import type { PlanNode } from '../plan/nodes.js';
import type { Span } from '../syntax/span.js';
import { checkPlan, executePlan } from './execute.js';
import { requestRows, scanRequests, storeWith } from './testing/fixture.js';

const store = storeWith(requestRows(100));

/** A clock that moves `stepMs` every time it is read. */
function steppingClock(stepMs: number): () => number {
  let now = 0;
  return () => (now += stepMs);
}

const span: Span = {
  start: { line: 4, col: 6, offset: 40 },
  end: { line: 4, col: 20, offset: 54 },
};

describe('query limits', () => {
  it('stops a query past its deadline with a PxlRuntimeError', () => {
    const run = () => executePlan(scanRequests, store, { timeoutMs: 5, clockMs: steppingClock(1) });
    expect(run).toThrow(PxlRuntimeError);
    expect(run).toThrow(/longer than its 5 ms limit/);
    // The same query with time to spare completes.
    expect(
      executePlan(scanRequests, store, { timeoutMs: 1000, clockMs: steppingClock(1) }).rowCount,
    ).toBe(100);
  });

  it('points the deadline error at the operator running when it hit', () => {
    const sortSpan: Span = {
      start: { line: 5, col: 1, offset: 60 },
      end: { line: 5, col: 9, offset: 68 },
    };
    const input: PlanNode = { kind: 'Scan', table: 'requests', span };
    const node: PlanNode = {
      kind: 'Sort',
      input,
      keys: ['latency'],
      ascending: true,
      span: sortSpan,
    };
    try {
      executePlan(node, store, { timeoutMs: 3, clockMs: steppingClock(1) });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PxlRuntimeError);
      expect((error as PxlRuntimeError).code).toBe('runtime.deadline');
      expect([span, sortSpan]).toContainEqual((error as PxlRuntimeError).span);
    }
  });

  it('refuses results larger than the row budget', () => {
    expect(() => executePlan(scanRequests, store, { maxRows: 99 })).toThrow(
      /more than 99 rows \(result rows\)/,
    );
    expect(executePlan(scanRequests, store, { maxRows: 100 }).rowCount).toBe(100);
  });

  it('counts groups, sort buffers and join build sides against the budget', () => {
    const groups: PlanNode = {
      kind: 'Agg',
      input: scanRequests,
      groupBy: ['time_'],
      aggregates: [],
    };
    expect(() => executePlan(groups, store, { maxRows: 50 })).toThrow(/groups of a group-by/);
    const sorted: PlanNode = {
      kind: 'Limit',
      n: 1,
      input: { kind: 'Sort', input: scanRequests, keys: ['latency'], ascending: true },
    };
    expect(() => executePlan(sorted, store, { maxRows: 50 })).toThrow(/rows to sort/);
    const joined: PlanNode = {
      kind: 'Limit',
      n: 1,
      input: {
        kind: 'Join',
        left: scanRequests,
        right: scanRequests,
        how: 'inner',
        leftOn: ['path'],
        rightOn: ['path'],
        suffixes: ['_x', '_y'],
      },
    };
    expect(() => executePlan(joined, store, { maxRows: 50 })).toThrow(/rows of a merge/);
  });

  it('reports check errors with the span of the offending expression', () => {
    const bad: PlanNode = {
      kind: 'Filter',
      input: scanRequests,
      predicate: { kind: 'Column', name: 'nope', span },
    };
    try {
      checkPlan(bad, store);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PxlCheckError);
      const check = error as PxlCheckError;
      expect(check.code).toBe('check.unknown-column');
      expect(check.span).toEqual(span);
      expect(check.hint).toContain('latency');
    }
  });

  it('type-checks a plan without reading data', () => {
    const relation = checkPlan(
      {
        kind: 'Agg',
        input: scanRequests,
        groupBy: ['service'],
        aggregates: [{ name: 'p', fn: 'quantiles', input: col('latency') }],
      },
      store,
    );
    expect(relation.map((f) => `${f.name}:${f.type}:${f.semantic}`)).toEqual([
      'service:STRING:ST_NONE',
      'p:STRING:ST_DURATION_NS_QUANTILES',
    ]);
  });
});
