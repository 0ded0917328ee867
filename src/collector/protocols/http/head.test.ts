import { describe, expect, it } from 'vitest';
import { parseHead, recentHead } from './head.js';

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

  it('remembers a parsed head for recentHead, which gives back the same head', () => {
    const text = 'HTTP/1.1 200 OK\r\nDate: x\r\nSet-Cookie: a\r\nset-cookie: b\r\n\r\n';
    expect(recentHead('response', bytes(text))).toBeUndefined();
    const first = parseHead('response', bytes(text));
    expect(recentHead('response', bytes(text))).toBe(first);
    expect(first?.headers.toJson()).toBe('{"Date":"x","Set-Cookie":"a\\nb"}');
  });

  it('works out what the headers say about the body once, with the head', () => {
    const head = parseHead(
      'response',
      bytes(
        'HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\nContent-Type: Application/JSON\r\n' +
          'Content-Encoding: x-gzip\r\n\r\n',
      ),
    );
    expect(head).toMatchObject({
      framing: { kind: 'length', length: 3 },
      contentType: 'Application/JSON',
      contentCoding: 'gzip',
    });
  });
});
