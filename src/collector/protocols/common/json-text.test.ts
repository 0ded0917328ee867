import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonObject, jsonString } from './json-text.js';

describe('jsonString', () => {
  it('writes exactly what JSON.stringify writes', () => {
    const tricky = [
      '',
      'plain',
      'a"b',
      'back\\slash',
      'tab\there',
      '\u0000',
      '\u007f',
      '\ud83d\ude00',
    ];
    for (const text of [...tricky, '\ud800 lone', 'lone \udfff']) {
      expect(jsonString(text)).toBe(JSON.stringify(text));
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text));
      }),
    );
  });
});

describe('jsonObject', () => {
  it('keeps keys in the given order, integer-like ones included', () => {
    expect(
      jsonObject([
        ['b', '1'],
        ['200', 2],
        ['a"', null],
        ['x', true],
      ]),
    ).toBe('{"b":"1","200":2,"a\\"":null,"x":true}');
    expect(jsonObject([])).toBe('{}');
  });
});
