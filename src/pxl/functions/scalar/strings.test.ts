import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith, type RequestRow } from '../../exec/testing/fixture.js';
import { binary, call, col, int, str, type Expr } from '../../plan/expr.js';

const rows = requestRows(60);
const store = storeWith(rows);

const cases: [string, Expr, (r: RequestRow) => unknown][] = [
  [
    'contains with a constant',
    call('contains', col('path'), str('/c')),
    (r) => r.path.includes('/c'),
  ],
  ['contains an empty string', call('contains', col('path'), str('')), () => true],
  [
    'contains a column',
    call('contains', col('service'), col('path')),
    (r) => r.service.includes(r.path),
  ],
  ['substring', call('substring', col('service'), int(1), int(2)), (r) => r.service.slice(1, 3)],
  ['substring out of range', call('substring', col('service'), int(99), int(2)), () => ''],
  ['find', call('find', col('path'), str('c')), (r) => r.path.indexOf('c')],
  ['length', call('length', col('service')), (r) => r.service.length],
  [
    'strip_prefix',
    call('strip_prefix', str('/c'), col('path')),
    (r) => (r.path.startsWith('/c') ? r.path.slice(2) : r.path),
  ],
  ['toupper', call('toupper', col('service')), (r) => r.service.toUpperCase()],
  ['tolower of toupper', call('tolower', call('toupper', col('service'))), (r) => r.service],
  [
    'trim',
    call('trim', { kind: 'Binary', op: '+', left: str('  '), right: col('service') }),
    (r) => r.service,
  ],
  [
    'atoi',
    call('atoi', call('substring', col('path'), int(3), int(1)), int(-1)),
    (r) => (/^\d$/.test(r.path.slice(3, 4)) ? Number(r.path.slice(3, 4)) : -1),
  ],
  ['itoa', call('itoa', col('status')), (r) => String(r.status)],
  [
    'string + string',
    { kind: 'Binary', op: '+', left: col('service'), right: col('path') },
    (r) => r.service + r.path,
  ],
];

describe('string functions', () => {
  it.each(cases)('%s matches a plain evaluation per row', (_name, expr, expected) => {
    expect(evaluate(store, expr).values).toEqual(rows.map(expected));
  });

  it('split gives the parts as a JSON array', () => {
    const parts: Record<string, string> = {
      '/a': '["","a"]',
      '/b': '["","b"]',
      '/c/1': '["","c","1"]',
      '/c/2': '["","c","2"]',
      '/': '["",""]',
    };
    expect(evaluate(store, call('split', col('path'), str('/'))).values).toEqual(
      rows.map((r) => parts[r.path]),
    );
    expect(evaluate(store, call('split', str('a, b'), str(', '))).values[0]).toBe('["a","b"]');
    expect(evaluate(store, call('split', str(''), str(','))).values[0]).toBe('[""]');
  });

  it('has_service_name matches a plain service or one entry of a JSON array of services', () => {
    const array = binary('+', binary('+', str('["host/x","'), col('service')), str('"]'));
    expect(evaluate(store, call('has_service_name', array, str('auth'))).values).toEqual(
      rows.map((r) => r.service === 'auth'),
    );
    expect(evaluate(store, call('has_service_name', col('service'), str('cart'))).values).toEqual(
      rows.map((r) => r.service === 'cart'),
    );
    const one = (service: string, name: string) =>
      evaluate(store, call('has_service_name', str(service), str(name))).values[0];
    expect(one('["ns/a","ns/b"]', 'ns/b')).toBe(true);
    expect(one('["ns/a","ns/b"]', 'ns/c')).toBe(false);
    expect(one('[not json', '[not json')).toBe(true);
    expect(one('', '')).toBe(true);
    for (const fn of ['has_value', 'has_service_id']) {
      expect(evaluate(store, call(fn, str('["id-1","id-2"]'), str('id-2'))).values[0]).toBe(true);
      expect(evaluate(store, call(fn, col('service'), str('cart'))).values).toEqual(
        rows.map((r) => r.service === 'cart'),
      );
    }
  });

  it('refuses wrong argument types with a sentence naming the signature', () => {
    expect(() => evaluate(store, call('contains', col('status'), str('x')))).toThrow(
      'px.contains takes (STRING, STRING), got (INT64, STRING)',
    );
    expect(() => evaluate(store, call('nope', col('status')))).toThrow(/no function px.nope/);
    expect(() => evaluate(store, call('mean', col('status')))).toThrow(/no function px.mean/);
  });
});
