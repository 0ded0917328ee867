import { describe, expect, it } from 'vitest';
import { detectHttp } from './detect.js';
import { findStartLine } from './start-search.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('findStartLine', () => {
  it.each([
    ['GET / HTTP/1.1\r\n', 0],
    ['junk\r\nPOST /x HTTP/1.0\r\n', 6],
    ['{"a":1}GET /x HTTP/1.1\r\n', 7],
    ['xyzPROPPATCH /d HTTP/1.1\r\n', 3],
    ['BREW /pot HTTP/1.1\r\n', 0],
  ])('finds the request line in %j at %i', (text, at) => {
    expect(findStartLine('request', bytes(text))).toEqual({ found: at });
  });

  it('does not trust an unknown method glued to garbage', () => {
    expect(findStartLine('request', bytes('}BREW /pot HTTP/1.1\r\n'))).toEqual({ keepFrom: 21 });
  });

  it('finds a status line after garbage on the same line', () => {
    expect(findStartLine('response', bytes('abcHTTP/1.1 200 OK\r\n'))).toEqual({ found: 3 });
    expect(findStartLine('response', bytes('HTTP/1.1 2000\r\nHTTP/1.0 404 \n'))).toEqual({
      found: 15,
    });
  });

  it('searches for line feeds only past the bytes an earlier search found none in', () => {
    const text = bytes('no line feed here\r\nGET / HTTP/1.1\r\n');
    expect(findStartLine('request', text, 17)).toEqual({ found: 19 });
    expect(findStartLine('request', text.subarray(0, 17), 10)).toEqual({ keepFrom: 0 });
  });

  it('keeps the unfinished last line, but no more than a start line can be long', () => {
    expect(findStartLine('request', bytes('a\nb\nGET / HT'))).toEqual({ keepFrom: 4 });
    expect(findStartLine('response', new Uint8Array(20_000))).toEqual({
      keepFrom: 20_000 - 16_384,
    });
  });
});

describe('detectHttp', () => {
  it.each([
    ['GET /x HTTP/1.1\r\nHost: a\r\n\r\n', { side: 'request', confidence: 0.95 }],
    ['BREW /pot HTTP/1.1\r\n', { side: 'request', confidence: 0.7 }],
    ['HTTP/1.1 404 Not Found\r\n', { side: 'response', confidence: 0.95 }],
    ['HTTP/1.0 200', { side: 'response', confidence: 0.8 }],
    ['POST /a-very-long-path', { side: 'request', confidence: 0.6 }],
  ])('recognises %j', (text, detection) => {
    expect(detectHttp(bytes(text))).toEqual(detection);
  });

  it.each([
    'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    '\x16\x03\x01\x00\xa5\x01',
    'SSH-2.0-OpenSSH_9.2\r\n',
    'get / http/1.1\r\n',
    'FOO',
  ])('rejects %j', (text) => {
    expect(detectHttp(bytes(text))).toBeNull();
  });
});
