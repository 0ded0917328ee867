import { describe, expect, it } from 'vitest';
import { aggregateOverloads, scalarOverloads } from './overloads.js';
import { aggregateFunction, scalarFunction, scalarFunctions } from './registry.js';

const scalar = (name: string) => {
  const fn = scalarFunction(name);
  if (fn === undefined) throw new Error(`no ${name}`);
  return scalarOverloads(fn);
};

describe('overloads', () => {
  it('list exactly the argument types bind() accepts', () => {
    expect(scalar('contains')).toEqual([{ args: ['STRING', 'STRING'], result: 'BOOLEAN' }]);
    expect(scalar('now')).toEqual([{ args: [], result: 'TIME64NS' }]);
    expect(scalar('sqrt')).toEqual([
      { args: ['INT64'], result: 'FLOAT64' },
      { args: ['FLOAT64'], result: 'FLOAT64' },
    ]);
    expect(scalar('negate')).toEqual([
      { args: ['INT64'], result: 'INT64' },
      { args: ['FLOAT64'], result: 'FLOAT64' },
    ]);
    expect(scalar('parse_time').map((o) => o.args[0])).toEqual(['INT64', 'STRING', 'TIME64NS']);
  });

  it('find functions that need a constant argument or a list', () => {
    expect(scalar('regex_match')).toEqual([{ args: ['STRING', 'STRING'], result: 'BOOLEAN' }]);
    expect(scalar('strptime')).toEqual([{ args: ['STRING', 'STRING'], result: 'TIME64NS' }]);
    expect(scalar('equals_any')).toContainEqual({
      args: ['STRING', 'LIST<STRING>'],
      result: 'BOOLEAN',
    });
  });

  it('find at least one overload for every scalar function', () => {
    for (const fn of scalarFunctions())
      expect(scalarOverloads(fn).length, fn.name).toBeGreaterThan(0);
  });

  it('list the input types of aggregates', () => {
    const count = aggregateFunction('count');
    const mean = aggregateFunction('mean');
    if (count === undefined || mean === undefined) throw new Error('no count or mean');
    expect(aggregateOverloads(count)).toHaveLength(6);
    expect(aggregateOverloads(mean).map((o) => o.args[0])).toEqual(['BOOLEAN', 'INT64', 'FLOAT64']);
    expect(aggregateOverloads(mean).every((o) => o.result === 'FLOAT64')).toBe(true);
  });
});
