import { describe, expect, it } from 'vitest';
import { PxlCheckError } from '../../errors.js';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { call, col, str } from '../../plan/expr.js';
import { compileRegex, MAX_REGEX_INPUT } from '../regex-guard.js';

const rows = requestRows(40);
const store = storeWith(rows);

describe('regex_match and replace', () => {
  it('regex_match matches the whole string (RE2 full match)', () => {
    expect(evaluate(store, call('regex_match', str('/c/[0-9]+'), col('path'))).values).toEqual(
      rows.map((r) => /^\/c\/[0-9]+$/.test(r.path)),
    );
    expect(
      evaluate(store, call('regex_match', str('c'), col('path'))).values.every((v) => v === false),
    ).toBe(true);
  });

  it('accepts a leading (?i) and named groups written the RE2 way', () => {
    expect(
      evaluate(store, call('regex_match', str('(?i)CART|AUTH'), col('service'))).values,
    ).toEqual(rows.map((r) => r.service === 'cart' || r.service === 'auth'));
    expect(
      evaluate(store, call('regex_match', str('(?P<first>/c)/(?P<n>\\d)'), col('path'))).values,
    ).toEqual(rows.map((r) => /^\/c\/\d$/.test(r.path)));
  });

  it('replace rewrites every match, with \\1 group references', () => {
    expect(
      evaluate(store, call('replace', str('/([a-z])'), col('path'), str('[\\1]$'))).values,
    ).toEqual(rows.map((r) => r.path.replace(/\/([a-z])/g, '[$1]$$')));
  });

  it('needs a constant pattern and reports bad ones as check errors', () => {
    expect(() => evaluate(store, call('regex_match', col('service'), col('path')))).toThrow(
      /must be a constant/,
    );
    expect(() => evaluate(store, call('regex_match', str('(a'), col('path')))).toThrow(
      PxlCheckError,
    );
  });
});

describe('regex guard', () => {
  it.each([
    ['(a+)+$', /exponential/],
    ['(a|aa)*b', /exponential/],
    ['(x*){2,}', /exponential/],
    ['(a)\\1', /backreferences/],
    ['foo(?=bar)', /lookaround/],
    ['(?<!x)y', /lookaround/],
    ['a'.repeat(600), /longer than/],
    ['a)', /unbalanced/],
  ])('refuses %s', (pattern, reason) => {
    const compiled = compileRegex(pattern, '', true);
    expect(typeof compiled).toBe('string');
    expect(compiled).toMatch(reason);
  });

  it.each(['(ab)+', '(a|b)?c', '[(+*)]+x', '\\(a+\\)+', '(?:GET|POST) /api/.*', 'a{2,5}(bc){3}'])(
    'accepts %s',
    (pattern) => {
      expect(compileRegex(pattern, '', true)).toBeInstanceOf(RegExp);
    },
  );

  it('never matches inputs beyond the input limit', () => {
    const long = 'a'.repeat(MAX_REGEX_INPUT + 1);
    const big = evaluate(
      store,
      call('regex_match', str('a*'), { kind: 'Literal', type: 'STRING', value: long }),
    );
    expect(big.values[0]).toBe(false);
  });
});
