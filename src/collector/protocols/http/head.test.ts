import { describe, expect, it } from 'vitest';
import { parseHead } from './head.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

describe('parseHead header lines', () => {
  it('trims blanks around values and keeps names as sent', () => {
    const head = parseHead('request', bytes('GET / HTTP/1.1\r\nX-A: \t v 1 \t\r\nx-b:\r\n\r\n'));
    expect(head?.headers.fields).toEqual([
      { name: 'X-A', value: 'v 1' },
      { name: 'x-b', value: '' },
    ]);
  });

  it('rejects a head with a bad name, a missing colon or a line break inside a value', () => {
    for (const line of ['Bad Name: v', ': v', 'NoColon', 'X: a\rb', 'X: a\u2028b', 'Ä: v']) {
      expect(parseHead('request', bytes(`GET / HTTP/1.1\r\n${line}\r\n\r\n`)), line).toBeNull();
    }
  });

  it('gives a repeated head the same result as the first, JSON included', () => {
    const text = 'HTTP/1.1 200 OK\r\nDate: x\r\nSet-Cookie: a\r\nset-cookie: b\r\n\r\n';
    const first = parseHead('response', bytes(text));
    const again = parseHead('response', bytes(text));
    expect(again).toEqual(first);
    expect(again?.headers.toJson()).toBe('{"Date":"x","Set-Cookie":"a\\nb"}');
  });
});
