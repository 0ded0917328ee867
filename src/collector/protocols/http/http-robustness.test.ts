import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageSide, ParserOptions, ProtocolRecord } from '../common/types.js';
import { HttpConnection } from './http-connection.js';

/**
 * Robustness on byte streams. The same bytes must give the same records however the capture
 * cut them into reads: each read of a conversation is split at every position, and the whole
 * conversation is also fed one byte at a time. Random and mutated bytes must never throw,
 * never grow the buffers past their cap, and leave every byte accounted for.
 */
interface Read {
  readonly side: MessageSide;
  readonly bytes: Uint8Array;
  readonly at: bigint;
}

const OPTIONS: ParserOptions = { maxBodyBytes: 64, maxBufferBytes: 4096 };

function read(side: MessageSide, parts: (string | Uint8Array)[], at: number): Read {
  const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
  return { side, bytes, at: BigInt(at) };
}

const gzipped = gzipSync(JSON.stringify({ users: ['ann', 'bob', 'cy'], page: 1 }));

/** Pipelining, HEAD, chunked with extensions and trailers, gzip, 100-continue, 204, close. */
const CONVERSATION: readonly Read[] = [
  read(
    'request',
    [
      'GET /users?page=1 HTTP/1.1\r\nHost: api\r\nAccept-Encoding: gzip\r\n\r\n',
      'HEAD /health HTTP/1.1\r\nHost: api\r\n\r\n',
    ],
    10,
  ),
  read(
    'response',
    [
      'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n',
      `Transfer-Encoding: chunked\r\n\r\n5;part=1\r\n`,
      gzipped.subarray(0, 5),
      `\r\n${(gzipped.length - 5).toString(16)}\r\n`,
      gzipped.subarray(5),
      '\r\n0\r\nX-Digest: 1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n',
    ],
    20,
  ),
  read(
    'request',
    ['POST /upload HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n'],
    30,
  ),
  read('response', ['HTTP/1.1 100 Continue\r\n\r\n'], 40),
  read('request', ['hello world', 'DELETE /u/7 HTTP/1.1\r\n\r\n'], 50),
  read(
    'response',
    ['HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok', 'HTTP/1.1 204 No Content\r\n\r\n'],
    60,
  ),
  read('request', ['GET /stream HTTP/1.0\r\n\r\n'], 70),
  read('response', ['HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end'], 80),
];

function replay(reads: readonly Read[]): { records: ProtocolRecord[]; conn: HttpConnection } {
  const conn = new HttpConnection(OPTIONS);
  for (const r of reads) conn.onData(r.side, r.bytes, r.at);
  conn.onClose(90n);
  const records: ProtocolRecord[] = [];
  conn.drain(records);
  return { records, conn };
}

function splitAt(reads: readonly Read[], index: number, position: number): Read[] {
  return reads.flatMap((r, i) =>
    i === index
      ? [
          { ...r, bytes: r.bytes.subarray(0, position) },
          { ...r, bytes: r.bytes.subarray(position) },
        ]
      : [r],
  );
}

describe('HttpConnection: split reads', () => {
  const reference = replay(CONVERSATION);

  it('parses the reference conversation completely', () => {
    expect(reference.records.map((r) => [r.values['req_method'], r.values['resp_status']])).toEqual(
      [
        ['GET', 200],
        ['HEAD', 200],
        ['POST', 201],
        ['DELETE', 204],
        ['GET', 200],
      ],
    );
    expect(reference.records[0]?.values['resp_body']).toBe('{"users":["ann","bob","cy"],"page":1}');
    expect(reference.records[4]?.values['resp_body']).toBe('until the end');
    expect(reference.conn.stats).toEqual({
      invalidBytes: 0,
      invalidFrames: 0,
      unmatched: 0,
      overflowBytes: 0,
    });
  });

  it('gives identical records for a split at every byte of every read', () => {
    CONVERSATION.forEach((r, index) => {
      for (let position = 1; position < r.bytes.length; position++) {
        const split = replay(splitAt(CONVERSATION, index, position));
        expect(split.records, `read ${index} split at ${position}`).toEqual(reference.records);
        expect(split.conn.stats).toEqual(reference.conn.stats);
      }
    });
  });

  it('gives identical records when fed one byte at a time', () => {
    const bytewise = CONVERSATION.flatMap((r) =>
      Array.from(r.bytes, (byte) => ({ ...r, bytes: Uint8Array.of(byte) })),
    );
    expect(replay(bytewise).records).toEqual(reference.records);
  });
});

/** One thing that can happen to a connection. */
type Op =
  | { readonly kind: 'data'; readonly side: MessageSide; readonly bytes: Uint8Array }
  | { readonly kind: 'gap'; readonly side: MessageSide; readonly length: number };

const sideArb = fc.constantFrom<MessageSide>('request', 'response');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('data' as const),
      side: sideArb,
      bytes: fc.uint8Array({ maxLength: 300 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('gap' as const),
      side: sideArb,
      length: fc.integer({ min: -1, max: 5000 }),
    }),
  },
);

const SMALL: ParserOptions = { maxBodyBytes: 16, maxBufferBytes: 512 };
const COLUMNS = [
  'major_version',
  'minor_version',
  'content_type',
  'req_headers',
  'req_method',
  'req_path',
  'req_body',
  'req_body_size',
  'resp_headers',
  'resp_status',
  'resp_message',
  'resp_body',
  'resp_body_size',
  'latency',
];

/** Runs `ops` and checks the invariants that must hold for any input. */
function checkInvariants(ops: readonly Op[], options: ParserOptions = SMALL): ProtocolRecord[] {
  const conn = new HttpConnection(options);
  let at = 0n;
  for (const op of ops) {
    at += 1n;
    if (op.kind === 'data') conn.onData(op.side, op.bytes, at);
    else conn.onGap(op.side, op.length, at);
    expect(conn.bufferedBytes('request')).toBeLessThanOrEqual(options.maxBufferBytes);
    expect(conn.bufferedBytes('response')).toBeLessThanOrEqual(options.maxBufferBytes);
  }
  conn.onClose(at + 1n);
  const records: ProtocolRecord[] = [];
  conn.drain(records);
  for (const value of Object.values(conn.stats)) {
    expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
  }
  for (const record of records) {
    expect(Object.keys(record.values).sort()).toEqual([...COLUMNS].sort());
    expect(record.values['latency']).toBeGreaterThanOrEqual(0);
    JSON.parse(String(record.values['req_headers']));
    JSON.parse(String(record.values['resp_headers']));
  }
  return records;
}

/** A random edit of a byte string: flip, delete, insert or duplicate a slice. */
const mutationArb = fc.record({
  kind: fc.constantFrom('flip', 'delete', 'insert', 'duplicate'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 40 }),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }),
});

type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.at % bytes.length;
  const b = Buffer.from(bytes);
  switch (m.kind) {
    case 'flip':
      b[at] = (b[at] ?? 0) ^ 0xff;
      return b;
    case 'delete':
      return Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    case 'insert':
      return Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    default:
      return Buffer.concat([b.subarray(0, at + m.length), b.subarray(at)]);
  }
}

describe('HttpConnection: random and mutated input', () => {
  it('survives random operations', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        checkInvariants(ops);
      }),
      { numRuns: 300, seed: 0x5eed },
    );
  });

  it('survives mutations of a valid conversation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: CONVERSATION.length - 1 }), mutationArb), { maxLength: 6 }),
        fc.nat({ max: 50 }),
        (mutations, chunk) => {
          const reads = CONVERSATION.map((r) => ({ ...r }));
          for (const [index, m] of mutations) {
            const target = reads[index];
            if (target) reads[index] = { ...target, bytes: mutate(target.bytes, m) };
          }
          const ops: Op[] = reads.flatMap((r) => {
            const size = chunk + 1;
            const pieces: Op[] = [];
            for (let i = 0; i < r.bytes.length; i += size) {
              pieces.push({ kind: 'data', side: r.side, bytes: r.bytes.subarray(i, i + size) });
            }
            return pieces;
          });
          checkInvariants(ops, { maxBodyBytes: 64, maxBufferBytes: 4096 });
        },
      ),
      { numRuns: 300, seed: 0xc0ffee },
    );
  });

  it('finds the next request after garbage that arrived a few bytes at a time', () => {
    // While it looks for a start line the reader searches each new byte once, not the whole
    // unfinished line on every read; what it finds must not depend on how the bytes came.
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.integer({ min: 1, max: 64 }),
        (garbage, size) => {
          const junk = garbage.map((byte) => (byte === 0x0a || byte === 0x0d ? 0x20 : byte));
          const request = Buffer.concat([junk, Buffer.from('\r\nGET /found HTTP/1.1\r\n\r\n')]);
          const conn = new HttpConnection(OPTIONS);
          for (let i = 0; i < request.length; i += size) {
            conn.onData('request', request.subarray(i, i + size), 1n);
          }
          conn.onData('response', Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), 2n);
          const records: ProtocolRecord[] = [];
          conn.drain(records);
          expect(records.map((r) => r.values['req_path'])).toEqual(['/found']);
          expect(conn.stats.invalidBytes).toBe(junk.length + 2);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('accounts for every byte of a stream with no line feed', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const clean = chunks.map((chunk) => chunk.map((byte) => (byte === 0x0a ? 0x20 : byte)));
        const conn = new HttpConnection(SMALL);
        for (const chunk of clean) conn.onData('request', chunk, 1n);
        conn.onClose(2n);
        const fed = clean.reduce((sum, chunk) => sum + chunk.length, 0);
        expect(conn.stats.invalidBytes + conn.stats.overflowBytes).toBe(fed);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
