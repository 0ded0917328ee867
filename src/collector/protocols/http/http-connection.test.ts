import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRUNCATED_MARKER } from '../common/display-text.js';
import type { MessageSide, ParserOptions, ProtocolRecord } from '../common/types.js';
import { BINARY_BODY } from './body-render.js';
import { HttpConnection } from './http-connection.js';

const OPTIONS: ParserOptions = { maxBodyBytes: 4096, maxBufferBytes: 64 * 1024 };

type Step =
  | { readonly side: MessageSide; readonly bytes: string | Uint8Array; readonly at: number }
  | { readonly gap: MessageSide; readonly length: number; readonly at: number }
  | { readonly close: number };

const req = (bytes: string | Uint8Array, at: number): Step => ({ side: 'request', bytes, at });
const resp = (bytes: string | Uint8Array, at: number): Step => ({ side: 'response', bytes, at });

function bytesOf(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
}

function run(steps: readonly Step[], options: ParserOptions = OPTIONS) {
  const conn = new HttpConnection(options);
  for (const step of steps) {
    if ('close' in step) conn.onClose(BigInt(step.close));
    else if ('gap' in step) conn.onGap(step.gap, step.length, BigInt(step.at));
    else conn.onData(step.side, bytesOf(step.bytes), BigInt(step.at));
  }
  const records: ProtocolRecord[] = [];
  conn.drain(records);
  return { conn, records, values: records.map((record) => record.values) };
}

function concat(...parts: (string | Uint8Array)[]): Uint8Array {
  return Buffer.concat(parts.map((part) => bytesOf(part)));
}

const GET = 'GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n';
const OK_HELLO = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello';

describe('HttpConnection: framing', () => {
  it('pairs a GET with a Content-Length response and fills every column', () => {
    const { records, conn } = run([req(GET, 100), resp(OK_HELLO, 350)]);
    expect(records).toEqual([
      {
        table: 'http_events',
        timeNs: 350n,
        values: {
          major_version: 1,
          minor_version: 1,
          content_type: 0,
          req_headers: '{"Host":"example.com"}',
          req_method: 'GET',
          req_path: '/index.html?q=1',
          req_body: '',
          req_body_size: 0,
          resp_headers: '{"Content-Type":"text/plain","Content-Length":"5"}',
          resp_status: 200,
          resp_message: 'OK',
          resp_body: 'hello',
          resp_body_size: 5,
          latency: 250,
        },
      },
    ]);
    expect(conn.stats).toEqual({
      invalidBytes: 0,
      invalidFrames: 0,
      unmatched: 0,
      overflowBytes: 0,
    });
  });

  it('measures latency from the last request byte to the last response byte', () => {
    const post = 'POST /upload HTTP/1.1\r\nContent-Length: 6\r\n\r\n';
    const { values } = run([
      req(post, 10),
      req('abc', 20),
      req('def', 30),
      resp('HTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nmo', 45),
      resp('re', 70),
    ]);
    expect(values).toMatchObject([
      { req_body: 'abcdef', req_body_size: 6, resp_status: 201, resp_body: 'more', latency: 40 },
    ]);
  });

  it('decodes chunked bodies with chunk extensions and trailers', () => {
    const response =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n' +
      '4;name=value;other="x y"\r\n{"a"\r\n' +
      'A\r\n:[1,2,3,4]\r\n' +
      '1 ; ext\r\n}\r\n' +
      '0\r\nExpires: never\r\nX-Checksum: abc\r\n\r\n';
    const { values, conn } = run([req(GET, 1), resp(response, 2), req(GET, 3), resp(OK_HELLO, 4)]);
    expect(values).toMatchObject([
      { resp_body: '{"a":[1,2,3,4]}', resp_body_size: 15, content_type: 1 },
      { resp_body: 'hello' },
    ]);
    expect(conn.stats.invalidFrames).toBe(0);
  });

  it('decodes a chunked request body', () => {
    const request =
      'POST /api HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n' +
      `${gzipSync('x=1').length.toString(16)}\r\n`;
    const gz = gzipSync('x=1');
    const { values } = run([
      req(concat(request, gz, '\r\n0\r\n\r\n'), 1),
      resp('HTTP/1.1 204 No Content\r\n\r\n', 2),
    ]);
    // Transfer coding gzip is not a content coding: the body is shown as the bytes it is.
    expect(values).toMatchObject([{ req_body_size: gz.length, resp_status: 204, resp_body: '' }]);
  });

  it('gives the response to HEAD no body even with Content-Length', () => {
    const head = 'HEAD /big HTTP/1.1\r\nHost: h\r\n\r\n';
    const headResponse = 'HTTP/1.1 200 OK\r\nContent-Length: 123456\r\n\r\n';
    const { values, conn } = run([req(head + GET, 1), resp(headResponse + OK_HELLO, 2)]);
    expect(values).toMatchObject([
      { req_method: 'HEAD', resp_status: 200, resp_body: '', resp_body_size: 0 },
      { req_method: 'GET', resp_body: 'hello' },
    ]);
    expect(conn.stats.invalidBytes).toBe(0);
  });

  it.each([
    ['204 No Content', 'HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n'],
    ['304 Not Modified', 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n'],
  ])('gives %s no body', (_name, response) => {
    const { values } = run([req(GET + GET, 1), resp(response + OK_HELLO, 2)]);
    expect(values).toMatchObject([{ resp_body_size: 0 }, { resp_body: 'hello' }]);
  });

  it('skips interim responses: Expect: 100-continue pairs the request with the final 200', () => {
    const head = 'POST /form HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n';
    const { values, conn } = run([
      req(head, 10),
      resp('HTTP/1.1 100 Continue\r\n\r\n', 20),
      req('data', 30),
      resp('HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n', 35),
      resp(OK_HELLO, 50),
    ]);
    expect(values).toEqual([
      expect.objectContaining({ resp_status: 200, req_body: 'data', latency: 20 }),
    ]);
    expect(conn.stats.unmatched).toBe(0);
  });

  it('stops waiting for a 100-continue body the server refused, and reads the next request', () => {
    const head = 'PUT /file HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n';
    const refusal = 'HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n';
    const { values, conn } = run([
      req(head, 10),
      resp(refusal, 20),
      req(GET, 30),
      resp(OK_HELLO, 40),
    ]);
    expect(values).toMatchObject([
      { req_method: 'PUT', resp_status: 417, req_body_size: 0, latency: 10 },
      { req_method: 'GET', resp_status: 200, latency: 10 },
    ]);
    expect(conn.stats.invalidBytes).toBe(0);
  });

  it('frames a response without a length by the close of the connection', () => {
    const response = 'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<p>';
    const open = run([req('GET / HTTP/1.0\r\n\r\n', 1), resp(response, 2), resp('hi</p>', 3)]);
    expect(open.records).toEqual([]);
    const closed = run([
      req('GET / HTTP/1.0\r\n\r\n', 1),
      resp(response, 2),
      resp('hi</p>', 3),
      { close: 9 },
    ]);
    expect(closed.records).toMatchObject([
      { timeNs: 9n, values: { minor_version: 0, resp_body: '<p>hi</p>', resp_body_size: 9 } },
    ]);
  });

  it('ends a response at Content-Length even when the connection then closes', () => {
    const response = 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nhello';
    const { records, conn } = run([req(GET, 1), resp(response, 2), { close: 50 }]);
    expect(records).toMatchObject([{ timeNs: 2n, values: { resp_body: 'hello' } }]);
    expect(conn.stats.unmatched).toBe(0);
  });

  it('pairs pipelined requests with their responses in order', () => {
    const requests = ['/a', '/b', '/c'].map((path) => `GET ${path} HTTP/1.1\r\nHost: h\r\n\r\n`);
    const responses = ['A', 'BB', 'CCC'].map(
      (body) => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    const { values } = run([
      req(requests.join(''), 10),
      resp(responses[0] ?? '', 20),
      resp((responses[1] ?? '') + (responses[2] ?? ''), 30),
    ]);
    expect(values.map((v) => [v['req_path'], v['resp_body'], v['latency']])).toEqual([
      ['/a', 'A', 10],
      ['/b', 'BB', 20],
      ['/c', 'CCC', 20],
    ]);
  });

  it('keeps pairing over a keep-alive connection with interleaved sides', () => {
    const steps: Step[] = [];
    for (let i = 0; i < 5; i++) {
      steps.push(req(`GET /item/${i} HTTP/1.1\r\nConnection: keep-alive\r\n\r\n`, i * 10));
      steps.push(resp(`HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n${i}`, i * 10 + 3));
    }
    const { values } = run(steps);
    expect(values.map((v) => `${String(v['req_path'])}=${String(v['resp_body'])}`)).toEqual([
      '/item/0=0',
      '/item/1=1',
      '/item/2=2',
      '/item/3=3',
      '/item/4=4',
    ]);
  });

  it('records a 101 upgrade and stops parsing the connection', () => {
    const upgrade = 'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n';
    const switching = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n';
    const { values, conn } = run([
      req(upgrade, 1),
      resp(switching + '\x81\x05hello', 2),
      req('\x81\x85abcdHTTP/1.1 200 OK\r\n\r\nGET / HTTP/1.1\r\n\r\n', 3),
      resp(OK_HELLO, 4),
      { close: 5 },
    ]);
    expect(values).toMatchObject([{ resp_status: 101, resp_message: 'Switching Protocols' }]);
    expect(conn.upgraded).toBe(true);
    expect(conn.tunnelBytes).toBeGreaterThan(40);
    expect(conn.stats).toEqual({
      invalidBytes: 0,
      invalidFrames: 0,
      unmatched: 0,
      overflowBytes: 0,
    });
  });

  it('treats a 2xx answer to CONNECT as a tunnel', () => {
    const { values, conn } = run([
      req('CONNECT db.internal:5432 HTTP/1.1\r\nHost: db.internal:5432\r\n\r\n', 1),
      resp('HTTP/1.1 200 Connection Established\r\n\r\n', 2),
      req('\x16\x03\x01\x02\x00', 3),
    ]);
    expect(values).toMatchObject([{ req_method: 'CONNECT', req_path: 'db.internal:5432' }]);
    expect(conn.upgraded).toBe(true);
    expect(conn.stats.invalidBytes).toBe(0);
  });

  it('drops an answer that arrives when no request is waiting', () => {
    const { values, conn } = run([resp(OK_HELLO, 1), req(GET, 2), resp(OK_HELLO, 3)]);
    expect(values).toHaveLength(1);
    expect(conn.stats.unmatched).toBe(1);
  });

  it('counts requests still unanswered at close', () => {
    const { records, conn } = run([req(GET + GET, 1), resp(OK_HELLO, 2), { close: 3 }]);
    expect(records).toHaveLength(1);
    expect(conn.stats.unmatched).toBe(1);
  });

  it('rejects a head with conflicting Content-Length values and resyncs', () => {
    const bad = 'POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!';
    const { values, conn } = run([req(bad + GET, 1), resp(OK_HELLO, 2)]);
    expect(values).toMatchObject([{ req_path: '/index.html?q=1' }]);
    expect(conn.stats.invalidFrames).toBe(1);
  });

  it('accepts bare LF line endings and obsolete header folding', () => {
    const request = 'GET /lf HTTP/1.1\nHost: h\nX-Long: part one\n  part two\n\n';
    const { values } = run([req(request, 1), resp('HTTP/1.1 200 OK\nContent-Length: 2\n\nok', 2)]);
    expect(values).toMatchObject([
      { req_headers: '{"Host":"h","X-Long":"part one part two"}', resp_body: 'ok' },
    ]);
  });
});

describe('HttpConnection: buffers', () => {
  it('keeps bodies whole when the caller reuses its buffer after every read', () => {
    const post = 'POST /up HTTP/1.1\r\nContent-Length: 10\r\n\r\n';
    const reply = 'HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n';
    const reads: [MessageSide, string, number][] = [
      ['request', `${post}01234`, 1],
      ['request', '56789', 2],
      ['response', `${reply}abcd`, 3],
      ['response', 'efgh', 4],
    ];
    const conn = new HttpConnection(OPTIONS);
    const buffer = new Uint8Array(256);
    for (const [side, text, at] of reads) {
      const bytes = bytesOf(text);
      buffer.set(bytes);
      conn.onData(side, buffer.subarray(0, bytes.length), BigInt(at));
      buffer.fill(0x21);
    }
    const records: ProtocolRecord[] = [];
    conn.drain(records);
    expect(records.map((r) => [r.values['req_body'], r.values['resp_body']])).toEqual([
      ['0123456789', 'abcdefgh'],
    ]);
  });
});

describe('HttpConnection: columns', () => {
  it('joins repeated headers and keeps the original case of names', () => {
    const request =
      'GET / HTTP/1.1\r\nAccept: text/html\r\nX-Trace: 1\r\naccept: application/json\r\n' +
      '200: numeric name\r\n\r\n';
    const response =
      'HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Expires=Wed, 21 Oct 2015\r\nSet-Cookie: b=2\r\n' +
      'Content-Length: 0\r\n\r\n';
    const { values } = run([req(request, 1), resp(response, 2)]);
    const [row] = values;
    expect(row?.['req_headers']).toBe(
      '{"Accept":"text/html, application/json","X-Trace":"1","200":"numeric name"}',
    );
    expect(JSON.parse(String(row?.['resp_headers']))).toEqual({
      'Set-Cookie': 'a=1; Expires=Wed, 21 Oct 2015\nb=2',
      'Content-Length': '0',
    });
  });

  it.each([
    ['application/json; charset=utf-8', 1],
    ['application/problem+json', 1],
    ['application/grpc-web+proto', 2],
    ['text/html', 0],
  ])('maps Content-Type %s to content_type %i', (type, code) => {
    const response = `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: 0\r\n\r\n`;
    expect(run([req(GET, 1), resp(response, 2)]).values[0]?.['content_type']).toBe(code);
  });

  it("falls back to the request's Content-Type when the response has none", () => {
    const post =
      'POST /j HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
    const { values } = run([req(post, 1), resp('HTTP/1.1 204 No Content\r\n\r\n', 2)]);
    expect(values[0]?.['content_type']).toBe(1);
  });

  it('cuts long bodies at maxBodyBytes with a marker and reports the full size', () => {
    const body = 'x'.repeat(100);
    const response = `HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n${body}`;
    const post = `POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n${body}`;
    const { values } = run([req(post, 1), resp(response, 2)], {
      maxBodyBytes: 10,
      maxBufferBytes: 4096,
    });
    expect(values).toMatchObject([
      {
        req_body: `xxxxxxxxxx${TRUNCATED_MARKER}`,
        req_body_size: 100,
        resp_body: `xxxxxxxxxx${TRUNCATED_MARKER}`,
        resp_body_size: 100,
      },
    ]);
  });

  it('does not split a UTF-8 character when cutting', () => {
    const body = 'héllo wörld';
    const bytes = Buffer.from(body, 'utf8');
    const response = concat(`HTTP/1.1 200 OK\r\nContent-Length: ${bytes.length}\r\n\r\n`, bytes);
    const { values } = run([req(GET, 1), resp(response, 2)], {
      maxBodyBytes: 2,
      maxBufferBytes: 4096,
    });
    expect(values[0]?.['resp_body']).toBe(`h${TRUNCATED_MARKER}`);
  });

  it('shows a placeholder for binary bodies', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const response = concat(
      `HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: ${png.length}\r\n\r\n`,
      png,
    );
    const { values } = run([req(GET, 1), resp(response, 2)]);
    expect(values).toMatchObject([{ resp_body: BINARY_BODY, resp_body_size: png.length }]);
  });
});

describe('HttpConnection: content coding', () => {
  const small = JSON.stringify({ ok: true, items: [1, 2, 3], note: 'x'.repeat(300) });
  const json = JSON.stringify({
    items: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `item ${i * 7919}` })),
  });

  function encodedResponse(coding: string, body: Uint8Array): Uint8Array {
    const head =
      `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: ${coding}\r\n` +
      `Content-Length: ${body.length}\r\n\r\n`;
    return concat(head, body);
  }

  it.each([
    ['gzip', gzipSync(small)],
    ['x-gzip', gzipSync(small)],
    ['deflate', deflateSync(small)],
    ['deflate', deflateRawSync(small)],
  ])('inflates %s bodies for display and reports the wire size', (coding, encoded) => {
    const { values } = run([req(GET, 1), resp(encodedResponse(coding, encoded), 2)]);
    expect(values).toMatchObject([{ resp_body: small, resp_body_size: encoded.length }]);
  });

  it('shows the decoded prefix, marked, when only part of a gzip body was kept', () => {
    const encoded = gzipSync(json);
    const { values } = run([req(GET, 1), resp(encodedResponse('gzip', encoded), 2)], {
      maxBodyBytes: 400,
      maxBufferBytes: 4096,
    });
    const body = String(values[0]?.['resp_body']);
    expect(body.endsWith(TRUNCATED_MARKER)).toBe(true);
    expect(json.startsWith(body.slice(0, -TRUNCATED_MARKER.length))).toBe(true);
    expect(body.length).toBe(400 + TRUNCATED_MARKER.length);
  });

  it('bounds what a zip bomb inflates to', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x61));
    const { values } = run([req(GET, 1), resp(encodedResponse('gzip', bomb), 2)], {
      maxBodyBytes: 1024,
      maxBufferBytes: 1024 * 1024,
    });
    expect(values[0]?.['resp_body']).toBe('a'.repeat(1024) + TRUNCATED_MARKER);
    expect(values[0]?.['resp_body_size']).toBe(bomb.length);
  });

  it('says so when a body claiming gzip does not inflate', () => {
    const { values } = run([req(GET, 1), resp(encodedResponse('gzip', bytesOf('plain')), 2)]);
    expect(values[0]?.['resp_body']).toBe('<failed to decode gzip body>');
  });
});

describe('HttpConnection: loss and garbage', () => {
  it('keeps a response whose body lost bytes of known length, marked as cut', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789';
    const { values, conn } = run([
      req(GET, 1),
      resp(response, 2),
      { gap: 'response', length: 5, at: 3 },
      resp('fghij', 4),
      req(GET, 5),
      resp(OK_HELLO, 6),
    ]);
    expect(values).toMatchObject([
      { resp_body: `0123456789${TRUNCATED_MARKER}`, resp_body_size: 20 },
      { resp_body: 'hello' },
    ]);
    expect(conn.stats.invalidBytes).toBe(0);
  });

  it('ends a message cut by a gap of unknown size and resyncs on the next start line', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789';
    const { values, conn } = run([
      req(GET, 1),
      resp(response, 2),
      { gap: 'response', length: -1, at: 3 },
      resp('tail of the lost body', 4),
      req('GET /next HTTP/1.1\r\n\r\n', 5),
      resp(OK_HELLO, 6),
    ]);
    expect(values).toMatchObject([
      { resp_body: `0123456789${TRUNCATED_MARKER}` },
      { req_path: '/next', resp_body: 'hello' },
    ]);
    expect(conn.stats.invalidBytes).toBe('tail of the lost body'.length);
  });

  it('drops the requests whose answers were lost with response bytes', () => {
    const { values, conn } = run([
      req(GET, 1),
      resp('HTTP/1.1 200 OK\r\nContent-', 2),
      { gap: 'response', length: 200, at: 3 },
      req('GET /second HTTP/1.1\r\n\r\n', 4),
      resp(OK_HELLO, 5),
    ]);
    expect(values).toMatchObject([{ req_path: '/second' }]);
    expect(conn.stats.unmatched).toBe(1);
  });

  it('resyncs the request side after a gap inside a head', () => {
    const { values, conn } = run([
      req('GET /lost HTTP/1.1\r\nHo', 1),
      { gap: 'request', length: 30, at: 2 },
      req('st: x\r\n\r\nGET /found HTTP/1.1\r\nHost: y\r\n\r\n', 3),
      resp(OK_HELLO + OK_HELLO, 4),
    ]);
    // The first request's head was cut, so only /found pairs; the answer to /lost arrives
    // first and pairs with /found: without the lost bytes, FIFO order cannot be restored.
    expect(values.map((v) => v['req_path'])).toEqual(['/found']);
    expect(conn.stats.invalidBytes).toBeGreaterThan(0);
  });

  it('skips garbage, including a message glued to the end of a line', () => {
    const garbage =
      '\x00\x01binary junk\r\nmore junk {"x":1}GET /api/v1 HTTP/1.1\r\nHost: h\r\n\r\n';
    const { values, conn } = run([
      req(garbage, 1),
      resp('junk junk HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', 2),
    ]);
    expect(values).toMatchObject([{ req_method: 'GET', req_path: '/api/v1', resp_body: 'ok' }]);
    expect(conn.stats.invalidBytes).toBe(
      '\x00\x01binary junk\r\nmore junk {"x":1}'.length + 'junk junk '.length,
    );
  });

  it('rejects a malformed head, skips it, and finds the next message', () => {
    const cruft = 'T / HTTP\n\n';
    const { values, conn } = run([
      req(GET, 1),
      resp(OK_HELLO, 2),
      req(cruft, 3),
      resp('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n', 4),
      req(GET, 5),
      resp(OK_HELLO, 6),
    ]);
    expect(values.map((v) => v['resp_status'])).toEqual([200, 200]);
    expect(conn.stats.invalidFrames).toBe(1);
    expect(conn.stats.unmatched).toBe(1);
  });

  it('caps the buffer and counts what it drops when a head exceeds it', () => {
    const options = { maxBodyBytes: 64, maxBufferBytes: 256 };
    const huge = `GET /big HTTP/1.1\r\nX-Pad: ${'p'.repeat(1000)}\r\n\r\n`;
    const conn = new HttpConnection(options);
    let maxBuffered = 0;
    for (const byte of bytesOf(huge + GET)) {
      conn.onData('request', Uint8Array.of(byte), 1n);
      maxBuffered = Math.max(maxBuffered, conn.bufferedBytes('request'));
    }
    conn.onData('response', bytesOf(OK_HELLO), 2n);
    const records: ProtocolRecord[] = [];
    conn.drain(records);
    expect(maxBuffered).toBeLessThanOrEqual(256);
    expect(conn.stats.overflowBytes).toBeGreaterThan(0);
    expect(records.map((record) => record.values['req_path'])).toEqual(['/index.html?q=1']);
  });
});
