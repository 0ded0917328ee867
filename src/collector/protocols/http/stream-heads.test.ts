import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSER_OPTIONS, type ProtocolRecord } from '../common/types.js';
import { HttpConnection } from './http-connection.js';
import { StreamHeads } from './stream-heads.js';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

describe('StreamHeads', () => {
  const head = (n: number): string => `GET /stream-heads/${n} HTTP/1.1\r\nHost: h\r\n\r\n`;

  it('remembers a head once it repeats, and finds it again anywhere in the input', () => {
    const heads = new StreamHeads('request');
    const first = heads.headOf(bytes(head(1)));
    expect(heads.repeatAt(bytes(head(1)), 0)).toBeUndefined(); // seen once: not kept
    expect(heads.headOf(bytes(head(1)))).toBe(first);
    const input = bytes(`xx${head(1)}body`);
    expect(heads.repeatAt(input, 2)).toEqual({ bytes: bytes(head(1)), head: first });
    expect(heads.repeatAt(input, 1)).toBeUndefined();
    expect(heads.repeatAt(bytes(head(1).replace('Host: h', 'Host: i')), 0)).toBeUndefined();
    expect(heads.repeatAt(bytes(head(1).slice(0, -1)), 0)).toBeUndefined(); // not all there
  });

  it('keeps the four most recently used heads', () => {
    const heads = new StreamHeads('request');
    for (const n of [2, 3, 4, 5, 6]) {
      heads.headOf(bytes(head(n)));
      heads.headOf(bytes(head(n)));
    }
    heads.repeatAt(bytes(head(3)), 0); // used again: now the most recent
    heads.headOf(bytes(head(7)));
    heads.headOf(bytes(head(7))); // pushes out the least recently used, 4
    const kept = [2, 3, 4, 5, 6, 7].filter((n) => heads.repeatAt(bytes(head(n)), 0));
    expect(kept).toEqual([3, 5, 6, 7]);
  });
});

describe('HttpConnection with repeated heads', () => {
  const requests = ['/a', '/b', '/a', '/c', '/a', '/b', '/d', '/e', '/a', '/a'].map(
    (path) => `GET ${path} HTTP/1.1\r\nHost: repeat.example\r\n\r\n`,
  );
  const responses = requests.map((_, i) => {
    const body = 'x'.repeat(i % 3);
    const date = `Date: Tue, 24 Nov 2026 15:05:0${i >> 2} GMT`;
    return `HTTP/1.1 200 OK\r\n${date}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
  });

  /** Each exchange on a connection of its own: no head can repeat within a connection. */
  function alone(): ProtocolRecord[] {
    return requests.flatMap((request, i) => {
      const conn = new HttpConnection(DEFAULT_PARSER_OPTIONS);
      conn.onData('request', bytes(request), BigInt(i * 10));
      conn.onData('response', bytes(responses[i] ?? ''), BigInt(i * 10 + 5));
      const out: ProtocolRecord[] = [];
      conn.drain(out);
      return out;
    });
  }

  it('gives the same rows on one keep-alive connection as on separate ones', () => {
    const conn = new HttpConnection(DEFAULT_PARSER_OPTIONS);
    requests.forEach((request, i) => {
      conn.onData('request', bytes(request), BigInt(i * 10));
      conn.onData('response', bytes(responses[i] ?? ''), BigInt(i * 10 + 5));
    });
    const out: ProtocolRecord[] = [];
    conn.drain(out);
    expect(out).toEqual(alone());
  });

  it('finds repeated heads inside pipelined reads', () => {
    const conn = new HttpConnection(DEFAULT_PARSER_OPTIONS);
    conn.onData('request', bytes(requests.join('')), 0n);
    conn.onData('response', bytes(responses.join('')), 5n);
    const out: ProtocolRecord[] = [];
    conn.drain(out);
    const values = (records: ProtocolRecord[]) => records.map((r) => r.values);
    expect(values(out)).toEqual(
      values(alone()).map((v) => ({ ...v, latency: expect.any(Number) as number })),
    );
    expect(conn.stats.invalidFrames + conn.stats.unmatched).toBe(0);
  });
});
