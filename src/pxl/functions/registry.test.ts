import { describe, expect, it } from 'vitest';
import {
  aggregateFunction,
  aggregateFunctions,
  scalarFunction,
  scalarFunctions,
} from './registry.js';

const BRIEF_SCALARS = [
  'select',
  'contains',
  'substring',
  'find',
  'length',
  'regex_match',
  'replace',
  'strip_prefix',
  'tolower',
  'toupper',
  'trim',
  'pluck',
  'pluck_float64',
  'pluck_int64',
  'pluck_array',
  'bin',
  'floor',
  'ceil',
  'round',
  'abs',
  'sqrt',
  'pow',
  'log',
  'ln',
  'exp',
  'DurationNanos',
  'Bytes',
  'Percent',
  'now',
  'seconds',
  'minutes',
  'hours',
  'days',
  'milliseconds',
  'microseconds',
  'parse_duration',
  'format_duration',
  'time_to_int64',
  'int64_to_time',
  'equals_any',
  'atoi',
  'itoa',
];

describe('function registry', () => {
  it('has every scalar function and aggregate PxL scripts use', () => {
    for (const name of BRIEF_SCALARS) expect(scalarFunction(name)?.name).toBe(name);
    for (const name of ['count', 'sum', 'mean', 'min', 'max', 'any', 'quantiles']) {
      expect(aggregateFunction(name)?.name).toBe(name);
    }
    expect(scalarFunctions().length).toBeGreaterThanOrEqual(BRIEF_SCALARS.length);
    expect(aggregateFunctions()).toHaveLength(7);
  });

  it("has Pixie's operator functions, time parsers and host facts", () => {
    const names = [
      'equal',
      'notEqual',
      'approxEqual',
      'lessThan',
      'lessThanEqual',
      'greaterThan',
      'greaterThanEqual',
      'add',
      'subtract',
      'multiply',
      'divide',
      'modulo',
      'logicalAnd',
      'logicalOr',
      'logicalNot',
      'negate',
      'invert',
      'parse_time',
      'strptime',
      'upid',
      'upid_to_start_ts',
      'asid',
      'vizier_id',
      'vizier_name',
      'vizier_namespace',
      'has_value',
      'has_service_id',
    ];
    for (const name of names) expect(scalarFunction(name)?.name).toBe(name);
  });

  it('finds nothing for names that exist on plain objects', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(scalarFunction(name)).toBeUndefined();
      expect(aggregateFunction(name)).toBeUndefined();
    }
  });

  it('describes every function in one line', () => {
    for (const fn of [...scalarFunctions(), ...aggregateFunctions()]) {
      expect(fn.summary).toMatch(/^\S.*\.$/);
      expect(fn.summary).not.toContain('\n');
    }
  });
});
