import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MessageSide, ParserOptions, ProtocolRecord } from '../common/types.js';
import { DnsDatagramStitcher } from './datagram-stitcher.js';
import { DnsTcpConnection } from './tcp-connection.js';

const u16 = (n: number) => [n >> 8, n & 0xff];

function encodeName(name: string): number[] {
  return [...name.split('.').flatMap((label) => [label.length, ...Buffer.from(label)]), 0];
}

/** A query for `name`/A, or a reply to it with the given addresses (rcode 3 when none). */
function query(txid: number, name: string, type = 1): Uint8Array {
  return Uint8Array.from([
    ...u16(txid),
    ...u16(0x0100),
    ...u16(1),
    ...u16(0),
    ...u16(0),
    ...u16(0),
    ...encodeName(name),
    ...u16(type),
    ...u16(1),
  ]);
}

function reply(txid: number, name: string, addrs: string[], type = 1): Uint8Array {
  const flags = addrs.length > 0 ? 0x8180 : 0x8183;
  const answers = addrs.flatMap((addr) => [
    0xc0,
    12,
    ...u16(1),
    ...u16(1),
    0,
    0,
    0,
    60,
    ...u16(4),
    ...addr.split('.').map(Number),
  ]);
  return Uint8Array.from([
    ...u16(txid),
    ...u16(flags),
    ...u16(1),
    ...u16(addrs.length),
    ...u16(0),
    ...u16(0),
    ...encodeName(name),
    ...u16(type),
    ...u16(1),
    ...answers,
  ]);
}

const framed = (...messages: Uint8Array[]) =>
  Uint8Array.from(messages.flatMap((m) => [...u16(m.length), ...m]));

const OPTIONS: ParserOptions = { maxBodyBytes: 4096, maxBufferBytes: 64 * 1024 };

type Step =
  | { readonly side: MessageSide; readonly bytes: Uint8Array; readonly at: bigint }
  | { readonly gap: MessageSide; readonly at: bigint }
  | { readonly close: bigint };

function runTcp(steps: readonly Step[], options: ParserOptions = OPTIONS) {
  const conn = new DnsTcpConnection(options);
  for (const step of steps) {
    if ('close' in step) conn.onClose(step.close);
    else if ('gap' in step) conn.onGap(step.gap, -1, step.at);
    else conn.onData(step.side, step.bytes, step.at);
  }
  const records: ProtocolRecord[] = [];
  conn.drain(records);
  return { conn, records };
}

const names = (records: ProtocolRecord[]) =>
  records.map((r) => {
    const body = JSON.parse(String(r.values['req_body'])) as { queries: { name: string }[] };
    return body.queries[0]?.name;
  });

describe('DnsTcpConnection', () => {
  it('pairs queries sent in one segment with replies that come out of order', () => {
    const { records, conn } = runTcp([
      { side: 'request', bytes: framed(query(1, 'a.test'), query(2, 'b.test')), at: 100n },
      { side: 'response', bytes: framed(reply(2, 'b.test', ['10.0.0.2'])), at: 130n },
      { side: 'response', bytes: framed(reply(1, 'a.test', ['10.0.0.1', '10.0.0.3'])), at: 180n },
    ]);
    expect(records).toEqual([
      {
        table: 'dns_events',
        timeNs: 130n,
        values: {
          req_header:
            '{"txid":2,"qr":0,"opcode":0,"aa":0,"tc":0,"rd":1,"ra":0,"ad":0,"cd":0,"rcode":0,' +
            '"num_queries":1,"num_answers":0,"num_auth":0,"num_addl":0}',
          req_body: '{"queries":[{"name":"b.test","type":"A"}]}',
          resp_header:
            '{"txid":2,"qr":1,"opcode":0,"aa":0,"tc":0,"rd":1,"ra":1,"ad":0,"cd":0,"rcode":0,' +
            '"num_queries":1,"num_answers":1,"num_auth":0,"num_addl":0}',
          resp_body: '{"answers":[{"name":"b.test","type":"A","addr":"10.0.0.2"}]}',
          latency: 30,
        },
      },
      expect.objectContaining({
        timeNs: 180n,
        values: expect.objectContaining({
          resp_body:
            '{"answers":[{"name":"a.test","type":"A","addr":"10.0.0.1"},' +
            '{"name":"a.test","type":"A","addr":"10.0.0.3"}]}',
          latency: 80,
        }) as unknown,
      }),
    ]);
    expect(conn.stats).toEqual({
      invalidBytes: 0,
      invalidFrames: 0,
      unmatched: 0,
      overflowBytes: 0,
    });
  });

  it('gives identical records for a split at every byte and for one byte at a time', () => {
    const conversation: Step[] = [
      {
        side: 'request',
        bytes: framed(query(10, 'x.example'), query(11, 'y.example', 28)),
        at: 1n,
      },
      {
        side: 'response',
        bytes: framed(reply(11, 'y.example', [], 28), reply(10, 'x.example', ['1.2.3.4'])),
        at: 2n,
      },
      { side: 'request', bytes: framed(query(12, 'z.example')), at: 3n },
      { side: 'response', bytes: framed(reply(12, 'z.example', ['5.6.7.8'])), at: 4n },
    ];
    const reference = runTcp(conversation).records;
    expect(reference).toHaveLength(3);
    conversation.forEach((step, index) => {
      if (!('side' in step)) return;
      for (let at = 1; at < step.bytes.length; at++) {
        const split = conversation.flatMap((s, i): Step[] =>
          i === index && 'side' in s
            ? [
                { ...s, bytes: s.bytes.subarray(0, at) },
                { ...s, bytes: s.bytes.subarray(at) },
              ]
            : [s],
        );
        expect(runTcp(split).records, `step ${index} split at ${at}`).toEqual(reference);
      }
    });
    const bytewise = conversation.flatMap((s): Step[] =>
      'side' in s ? Array.from(s.bytes, (b) => ({ ...s, bytes: Uint8Array.of(b) })) : [s],
    );
    expect(runTcp(bytewise).records).toEqual(reference);
  });

  it('resyncs on the next message after a gap', () => {
    const first = framed(query(1, 'lost.test'));
    const { records, conn } = runTcp([
      { side: 'request', bytes: first.subarray(0, 9), at: 1n },
      { gap: 'request', at: 2n },
      { side: 'request', bytes: first.subarray(20), at: 2n },
      { side: 'request', bytes: framed(query(2, 'found.test')), at: 3n },
      { side: 'response', bytes: framed(reply(2, 'found.test', ['9.9.9.9'])), at: 4n },
    ]);
    expect(names(records)).toEqual(['found.test']);
    expect(conn.stats.invalidBytes).toBe(9 + first.length - 20);
  });

  it('resyncs after a frame that is not DNS', () => {
    const junk = Uint8Array.of(0, 14, ...Buffer.from('not a dns msg!'));
    const { records, conn } = runTcp([
      {
        side: 'request',
        bytes: Uint8Array.from([...junk, ...framed(query(5, 'ok.test'))]),
        at: 1n,
      },
      { side: 'response', bytes: framed(reply(5, 'ok.test', ['1.1.1.1'])), at: 2n },
    ]);
    expect(names(records)).toEqual(['ok.test']);
    expect(conn.stats.invalidFrames).toBe(1);
    expect(conn.stats.invalidBytes).toBe(junk.length);
  });

  it('skips a message larger than the buffer cap and stays in step', () => {
    const options = { maxBodyBytes: 64, maxBufferBytes: 1024 };
    const big = reply(
      1,
      'big.test',
      Array.from({ length: 200 }, (_, i) => `10.0.${i}.1`),
    );
    const conn = new DnsTcpConnection(options);
    conn.onData('request', framed(query(1, 'big.test'), query(2, 'small.test')), 1n);
    const stream = framed(big, reply(2, 'small.test', ['2.2.2.2']));
    for (let at = 0; at < stream.length; at += 100) {
      conn.onData('response', stream.subarray(at, at + 100), 2n);
      expect(conn.bufferedBytes('response')).toBeLessThanOrEqual(1024);
    }
    conn.onClose(3n);
    const records: ProtocolRecord[] = [];
    conn.drain(records);
    expect(names(records)).toEqual(['small.test', 'big.test']);
    expect(records[1]?.values['resp_header']).toBe('');
    expect(conn.stats.overflowBytes).toBe(big.length + 2);
  });

  it('reports a query unanswered after the timeout, with the timeout as latency', () => {
    const second = 1_000_000_000n;
    const { records } = runTcp([
      { side: 'request', bytes: framed(query(1, 'slow.test')), at: 0n },
      { side: 'request', bytes: framed(query(2, 'fast.test')), at: 3n * second },
      { side: 'response', bytes: framed(reply(2, 'fast.test', ['3.3.3.3'])), at: 3n * second + 5n },
    ]);
    expect(records.map((r) => [r.timeNs, r.values['resp_body'], r.values['latency']])).toEqual([
      [0n, '', 2_000_000_000],
      [3n * second + 5n, '{"answers":[{"name":"fast.test","type":"A","addr":"3.3.3.3"}]}', 5],
    ]);
  });

  it('reports queries still waiting at close with how long they waited', () => {
    const { records } = runTcp([
      { side: 'request', bytes: framed(query(1, 'a.test'), query(1, 'a.test')), at: 10n },
      { close: 70n },
    ]);
    // The second copy is a retransmission of the first: one row.
    expect(records.map((r) => [r.values['resp_header'], r.values['latency']])).toEqual([['', 60]]);
  });
});

describe('DnsDatagramStitcher', () => {
  const CLIENT_A = '10.0.0.5:40000>10.0.0.53:53';
  const CLIENT_B = '10.0.0.6:40000>10.0.0.53:53';

  function drain(stitcher: DnsDatagramStitcher): ProtocolRecord[] {
    const out: ProtocolRecord[] = [];
    stitcher.drain(out);
    return out;
  }

  it('pairs by peer and transaction id, never across peers', () => {
    const stitcher = new DnsDatagramStitcher();
    stitcher.onDatagram(query(7, 'a.test'), 1n, CLIENT_A);
    stitcher.onDatagram(query(7, 'a.test'), 2n, CLIENT_B);
    stitcher.onDatagram(reply(7, 'a.test', ['1.0.0.2']), 5n, CLIENT_B);
    stitcher.onDatagram(reply(7, 'a.test', ['1.0.0.1']), 9n, CLIENT_A);
    expect(drain(stitcher).map((r) => [r.timeNs, r.values['latency']])).toEqual([
      [5n, 3],
      [9n, 8],
    ]);
    expect(stitcher.pendingQueries).toBe(0);
  });

  it('needs the same question: a reply to another name does not match', () => {
    const stitcher = new DnsDatagramStitcher();
    stitcher.onDatagram(query(1, 'a.test'), 1n, CLIENT_A);
    stitcher.onDatagram(reply(1, 'b.test', ['1.1.1.1']), 2n, CLIENT_A);
    expect(drain(stitcher)).toEqual([]);
    expect(stitcher.stats.unmatched).toBe(1);
  });

  it('matches an error reply without a question on transaction id', () => {
    const stitcher = new DnsDatagramStitcher();
    stitcher.onDatagram(query(4, 'a.test'), 1n, CLIENT_A);
    const formerr = Uint8Array.from([...u16(4), ...u16(0x8181), 0, 0, 0, 0, 0, 0, 0, 0]);
    stitcher.onDatagram(formerr, 2n, CLIENT_A);
    const headers = drain(stitcher).map((r): unknown =>
      JSON.parse(String(r.values['resp_header'])),
    );
    expect(headers).toMatchObject([{ rcode: 1, num_queries: 0 }]);
  });

  it('times queries out after 2 s by default, or the configured timeout', () => {
    const stitcher = new DnsDatagramStitcher();
    stitcher.onDatagram(query(1, 'a.test'), 1_000n, CLIENT_A);
    stitcher.expire(1_000n + 1_999_999_999n);
    expect(drain(stitcher)).toEqual([]);
    stitcher.expire(1_000n + 2_000_000_000n);
    expect(drain(stitcher)).toMatchObject([
      { timeNs: 1_000n, values: { resp_header: '', resp_body: '', latency: 2_000_000_000 } },
    ]);
    const quick = new DnsDatagramStitcher({ timeoutNs: 100n });
    quick.onDatagram(query(1, 'a.test'), 0n, CLIENT_A);
    quick.expire(100n);
    expect(drain(quick)).toHaveLength(1);
  });

  it('counts a duplicate reply as unmatched', () => {
    const stitcher = new DnsDatagramStitcher();
    stitcher.onDatagram(query(1, 'a.test'), 1n, CLIENT_A);
    stitcher.onDatagram(reply(1, 'a.test', ['1.1.1.1']), 2n, CLIENT_A);
    stitcher.onDatagram(reply(1, 'a.test', ['1.1.1.1']), 3n, CLIENT_A);
    expect(drain(stitcher)).toHaveLength(1);
    expect(stitcher.stats.unmatched).toBe(1);
  });

  it('bounds the queries it holds', () => {
    const stitcher = new DnsDatagramStitcher({ maxPending: 10 });
    for (let id = 0; id < 25; id++) stitcher.onDatagram(query(id, 'a.test'), 1n, CLIENT_A);
    expect(stitcher.pendingQueries).toBe(10);
    expect(stitcher.stats.unmatched).toBe(15);
    stitcher.onDatagram(reply(24, 'a.test', ['1.1.1.1']), 2n, CLIENT_A);
    expect(drain(stitcher)).toHaveLength(1);
  });

  it('counts datagrams that are not DNS', () => {
    const stitcher = new DnsDatagramStitcher();
    stitcher.onDatagram(Uint8Array.of(1, 2, 3), 1n, CLIENT_A);
    expect(stitcher.stats).toMatchObject({ invalidFrames: 1, invalidBytes: 3 });
  });

  it('matches names case-insensitively, and tells queries with one id apart by name', () => {
    const stitcher = new DnsDatagramStitcher();
    stitcher.onDatagram(query(5, 'a.test'), 1n, CLIENT_A);
    stitcher.onDatagram(query(5, 'b.test'), 2n, CLIENT_A);
    stitcher.onDatagram(query(5, 'A.TEST'), 3n, CLIENT_A); // a retransmission of the first
    expect(stitcher.pendingQueries).toBe(2);
    stitcher.onDatagram(reply(5, 'B.Test', ['1.1.1.2']), 4n, CLIENT_A);
    stitcher.onDatagram(reply(5, 'a.TEST', ['1.1.1.1']), 5n, CLIENT_A);
    expect(names(drain(stitcher))).toEqual(['b.test', 'a.test']);
    expect(stitcher.pendingQueries).toBe(0);
  });

  it('answers the oldest query with the id when an error reply has no question', () => {
    const stitcher = new DnsDatagramStitcher();
    const formerr = Uint8Array.from([...u16(4), ...u16(0x8181), 0, 0, 0, 0, 0, 0, 0, 0]);
    stitcher.onDatagram(query(4, 'a.test'), 1n, CLIENT_A);
    stitcher.onDatagram(query(4, 'b.test', 28), 2n, CLIENT_A);
    stitcher.onDatagram(formerr, 3n, CLIENT_B);
    stitcher.onDatagram(formerr, 4n, CLIENT_A);
    stitcher.onDatagram(formerr, 5n, CLIENT_A);
    expect(names(drain(stitcher))).toEqual(['a.test', 'b.test']);
    expect(stitcher.stats.unmatched).toBe(1);
  });

  it('hands rows to an output as they are made, when given one', () => {
    const out: ProtocolRecord[] = [];
    const stitcher = new DnsDatagramStitcher({}, out);
    stitcher.onDatagram(query(1, 'a.test'), 1n, CLIENT_A);
    stitcher.onDatagram(reply(1, 'a.test', ['1.1.1.1']), 2n, CLIENT_A);
    expect(names(out)).toEqual(['a.test']);
    expect(drain(stitcher)).toEqual([]);
  });

  describe('pairing, against a plain model', () => {
    // DnsPairer's rules spelled out with linear scans over every query sent.
    interface Sent {
      readonly peer: string;
      readonly txid: number;
      readonly question: string | undefined;
      readonly timeNs: bigint;
      done: boolean;
    }
    type Event =
      | {
          readonly kind: 'query' | 'reply' | 'error';
          readonly peer: string;
          readonly txid: number;
          readonly name: string;
          readonly type: number;
        }
      | { readonly kind: 'expire' };

    /** Rows as [query time, reply time or null], unmatched replies and queries left waiting. */
    function model(events: readonly Event[], timeoutNs: bigint, maxPending: number) {
      const sent: Sent[] = [];
      const rows: [bigint, bigint | null][] = [];
      let unmatched = 0;
      const waiting = () => sent.filter((s) => !s.done);
      events.forEach((e, i) => {
        const at = BigInt(i + 1);
        if (e.kind === 'expire') {
          for (let first = sent[0]; first; first = sent[0]) {
            if (!first.done && first.timeNs + timeoutNs > at) break;
            sent.shift();
            if (!first.done) rows.push([first.timeNs, null]);
            first.done = true;
          }
          return;
        }
        const question = e.kind === 'error' ? undefined : `${e.name.toLowerCase()}/${e.type}`;
        const same = (s: Sent) => s.peer === e.peer && s.txid === e.txid;
        const exact = waiting().find((s) => same(s) && s.question === question);
        if (e.kind === 'query') {
          if (exact) return;
          if (waiting().length >= maxPending) {
            const oldest = waiting()[0];
            if (oldest) oldest.done = true;
            unmatched++;
          }
          sent.push({ peer: e.peer, txid: e.txid, question, timeNs: at, done: false });
          return;
        }
        const found = exact ?? (question === undefined ? waiting().find(same) : undefined);
        if (found) rows.push([found.timeNs, at]);
        else unmatched++;
        if (found) found.done = true;
      });
      return { rows, unmatched, pending: waiting().length };
    }

    function stitch(events: readonly Event[], timeoutNs: bigint, maxPending: number) {
      const stitcher = new DnsDatagramStitcher({ timeoutNs, maxPending });
      events.forEach((e, i) => {
        const at = BigInt(i + 1);
        if (e.kind === 'expire') stitcher.expire(at);
        else if (e.kind === 'query') stitcher.onDatagram(query(e.txid, e.name, e.type), at, e.peer);
        else if (e.kind === 'reply')
          stitcher.onDatagram(reply(e.txid, e.name, ['1.1.1.1'], e.type), at, e.peer);
        else stitcher.onDatagram(errorReply(e.txid), at, e.peer);
      });
      const rows = drain(stitcher).map((r): [bigint, bigint | null] =>
        r.values['resp_header'] === ''
          ? [r.timeNs, null]
          : [r.timeNs - BigInt(Number(r.values['latency'])), r.timeNs],
      );
      return { rows, unmatched: stitcher.stats.unmatched, pending: stitcher.pendingQueries };
    }

    const errorReply = (txid: number) =>
      Uint8Array.from([...u16(txid), ...u16(0x8181), 0, 0, 0, 0, 0, 0, 0, 0]);

    // A small alphabet, so that ids and questions collide and replies find their queries.
    const eventArb: fc.Arbitrary<Event> = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constantFrom('query' as const, 'query' as const, 'reply' as const),
          peer: fc.constantFrom(CLIENT_A, CLIENT_B),
          txid: fc.integer({ min: 0, max: 1 }),
          name: fc.constantFrom('a.test', 'A.test', 'b.test'),
          type: fc.constantFrom(1, 28),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('error' as const),
          peer: fc.constantFrom(CLIENT_A, CLIENT_B),
          txid: fc.integer({ min: 0, max: 1 }),
          name: fc.constant(''),
          type: fc.constant(0),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
    );

    it('pairs, retransmits, drops and times out exactly as the rules say', () => {
      fc.assert(
        fc.property(
          fc.array(eventArb, { minLength: 10, maxLength: 80 }),
          fc.integer({ min: 1, max: 6 }),
          fc.bigInt({ min: 1n, max: 40n }),
          (events, maxPending, timeoutNs) => {
            expect(stitch(events, timeoutNs, maxPending)).toEqual(
              model(events, timeoutNs, maxPending),
            );
          },
        ),
        { numRuns: 500, seed: 5 },
      );
    });
  });
});

describe('DNS on random and mutated bytes', () => {
  const SMALL: ParserOptions = { maxBodyBytes: 64, maxBufferBytes: 1500 };
  const valid = framed(
    query(1, 'a.test'),
    reply(1, 'a.test', ['1.2.3.4']),
    query(2, 'b.test', 28),
    reply(2, 'b.test', []),
  );

  function check(chunks: readonly { side: MessageSide; bytes: Uint8Array; gap: boolean }[]) {
    const conn = new DnsTcpConnection(SMALL);
    const stitcher = new DnsDatagramStitcher({ maxPending: 8 });
    let at = 0n;
    for (const chunk of chunks) {
      at += 1_000_000n;
      if (chunk.gap) conn.onGap(chunk.side, -1, at);
      conn.onData(chunk.side, chunk.bytes, at);
      stitcher.onDatagram(chunk.bytes, at, chunk.side);
      expect(conn.bufferedBytes('request')).toBeLessThanOrEqual(SMALL.maxBufferBytes);
      expect(conn.bufferedBytes('response')).toBeLessThanOrEqual(SMALL.maxBufferBytes);
      expect(stitcher.pendingQueries).toBeLessThanOrEqual(8);
    }
    conn.onClose(at);
    stitcher.flush(at);
    const records: ProtocolRecord[] = [];
    conn.drain(records);
    stitcher.drain(records);
    for (const record of records) {
      expect(() => JSON.parse(String(record.values['req_header'])) as unknown).not.toThrow();
      expect(() => JSON.parse(String(record.values['req_body'])) as unknown).not.toThrow();
      expect(record.values['latency']).toBeGreaterThanOrEqual(0);
    }
    for (const stats of [conn.stats, stitcher.stats]) {
      for (const value of Object.values(stats)) expect(Number.isSafeInteger(value)).toBe(true);
    }
  }

  const chunkArb = fc.record({
    side: fc.constantFrom<MessageSide>('request', 'response'),
    bytes: fc.uint8Array({ maxLength: 400 }),
    gap: fc.boolean(),
  });

  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.array(chunkArb, { maxLength: 20 }), (chunks) => {
        check(chunks);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('survives mutated messages', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 40 }),
        (edits, size) => {
          const bytes = Uint8Array.from(valid);
          for (const [at, value] of edits) bytes[at] = value;
          const chunks = [];
          for (let at = 0; at < bytes.length; at += size) {
            chunks.push({
              side: 'request' as const,
              bytes: bytes.subarray(at, at + size),
              gap: false,
            });
          }
          check(chunks);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });

  it('accounts for every byte of a stream that never frames', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
        // With every byte >= 0xf0, any header read from the stream has opcode 14 or 15.
        const bytes = chunks.map((c) => c.map((b) => 0xf0 | (b & 0x0f)));
        const conn = new DnsTcpConnection(SMALL);
        for (const chunk of bytes) conn.onData('request', chunk, 1n);
        conn.onClose(2n);
        const fed = bytes.reduce((sum, c) => sum + c.length, 0);
        expect(conn.stats.invalidBytes + conn.stats.overflowBytes).toBe(fed);
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
