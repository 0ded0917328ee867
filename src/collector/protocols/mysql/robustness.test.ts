import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PARSER_OPTIONS,
  type ParserOptions,
  type ProtocolConnection,
  type ProtocolRecord,
} from '../common/types.js';
import { TRUNCATED_MARKER } from '../common/display-text.js';
import {
  byteByByte,
  everySplit,
  run,
  script,
  valuesOf,
  type Segment,
} from '../../../../test/sql/drive.js';
import {
  CAPS,
  binaryRow,
  bytes,
  command,
  concat,
  enc,
  errPayload,
  executePayload,
  greeting,
  handshakeResponse,
  le,
  lenencString,
  okPayload,
  packet,
  packets,
  prepareAnswer,
  resultSet,
  textRow,
} from '../../../../test/sql/mysql-wire.js';
import { MysqlConnection } from './connection.js';

const parse = (
  segments: readonly Segment[],
  options: ParserOptions = DEFAULT_PARSER_OPTIONS,
): ProtocolRecord[] => run(new MysqlConnection(options), segments);

/** A session touching every kind of exchange px reads. */
const session: Segment[] = script(
  ['response', packet(0, greeting(CAPS.base | CAPS.deprecateEof))],
  ['request', packet(1, handshakeResponse(CAPS.base | CAPS.deprecateEof))],
  [
    'response',
    packet(2, concat(bytes(0xfe), enc.encode('caching_sha2_password\0'), new Uint8Array(21))),
  ],
  ['request', packet(3, new Uint8Array(32).fill(1))],
  ['response', concat(packet(4, bytes(0x01, 0x03)), packet(5, okPayload()))],
  ['request', command(0x03, 'select id, name from users')],
  [
    'response',
    packets(
      1,
      ...resultSet(['id', 'name'], [textRow('1', 'ann'), textRow('2', null)], {
        deprecateEof: true,
      }),
    ),
  ],
  ['request', command(0x16, 'update users set name = ? where id = ?')],
  ['response', packets(1, ...prepareAnswer(1, 2, [], true))],
  [
    'request',
    packet(
      0,
      executePayload(1, [
        { type: 0xfd, value: lenencString('bob') },
        { type: 0x03, value: le(2, 4) },
      ]),
    ),
  ],
  ['response', packet(1, okPayload(0x0002, 1))],
  ['request', command(0x19, le(1, 4))],
  ['request', command(0x02, 'nope')],
  ['response', packet(1, errPayload(1049, '42000', "Unknown database 'nope'"))],
  ['request', command(0x0e)],
  ['response', packet(1, okPayload())],
  ['request', command(0x01)],
);

const full = parse(session);

describe('MySQL framing whatever the reads', () => {
  it('reads the reference session completely', () => {
    expect(full.map((r) => [r.values['req_cmd'], r.values['resp_status']])).toEqual([
      [3, 2],
      [22, 2],
      [23, 2],
      [25, 1],
      [2, 3],
      [14, 2],
      [1, 1],
    ]);
  });

  it('gives the same records for a cut at every byte boundary', () => {
    const expected = valuesOf(full);
    let variants = 0;
    for (const variant of everySplit(session)) {
      expect(valuesOf(parse(variant))).toEqual(expected);
      variants++;
    }
    expect(variants).toBeGreaterThan(300);
  });

  it('gives the same records when every byte comes in its own read', () => {
    expect(valuesOf(parse(byteByByte(session)))).toEqual(valuesOf(full));
  });
});

const key = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Whether `part` appears in `whole` in order (each record identical to one of the full run). */
function isSubsequence(part: readonly unknown[], whole: readonly unknown[]): boolean {
  let at = 0;
  for (const item of part) {
    while (at < whole.length && key(whole[at]) !== key(item)) at++;
    if (at === whole.length) return false;
    at++;
  }
  return true;
}

describe('MySQL resynchronisation', () => {
  const commands = script(
    ['request', command(0x03, 'select 1')],
    ['response', packets(1, ...resultSet(['1'], [textRow('1')]))],
    ['request', command(0x03, 'select 22')],
    ['response', packets(1, ...resultSet(['22'], [textRow('22')]))],
    ['request', command(0x03, 'insert into t values (333)')],
    ['response', packet(1, okPayload(0x0002, 1))],
    ['request', command(0x03, 'select 4444')],
    ['response', packets(1, ...resultSet(['4444'], [textRow('4444')]))],
  );
  const reference = valuesOf(parse(commands));

  it('joins a connection mid-stream at any byte of either side and resumes', () => {
    // The capture starts inside segment `first`: everything before it is unseen, on both sides.
    for (const first of [0, 1, 2]) {
      const seg = commands[first];
      if (!seg) throw new Error('no segment');
      for (let skip = 1; skip < seg.data.length; skip++) {
        const joined = [{ ...seg, data: seg.data.subarray(skip) }, ...commands.slice(first + 1)];
        const out = valuesOf(parse(joined));
        expect(isSubsequence(out, reference)).toBe(true);
        expect(out.slice(-2)).toEqual(reference.slice(-2));
      }
    }
  });

  it('resumes after a gap in either direction and never mispairs', () => {
    for (const side of ['request', 'response'] as const) {
      const target = commands.findIndex((s) => s.side === side && s.data.length > 8);
      const seg = commands[target];
      if (!seg) throw new Error('no segment');
      for (let from = 0; from < seg.data.length; from += 3) {
        const length = Math.min(5, seg.data.length - from);
        const conn: ProtocolConnection = new MysqlConnection(DEFAULT_PARSER_OPTIONS);
        commands.forEach((s, i) => {
          if (i !== target) {
            conn.onData(s.side, s.data, s.timeNs);
            return;
          }
          conn.onData(s.side, s.data.subarray(0, from), s.timeNs);
          conn.onGap(s.side, length, s.timeNs);
          conn.onData(s.side, s.data.subarray(from + length), s.timeNs);
        });
        conn.onClose(99_000n);
        const out: ProtocolRecord[] = [];
        conn.drain(out);
        expect(isSubsequence(valuesOf(out), reference)).toBe(true);
        expect(valuesOf(out).slice(-2)).toEqual(reference.slice(-2));
      }
    }
  });
});

describe('MySQL 16 MiB payloads', () => {
  const huge = 0xffffff + 100;
  const options: ParserOptions = { maxBodyBytes: 64, maxBufferBytes: 64 * 1024 };
  const chunks = (data: Uint8Array, side: 'request' | 'response', timeNs: bigint): Segment[] => {
    const out: Segment[] = [];
    for (let at = 0; at < data.length; at += 1 << 20)
      out.push({ side, data: data.subarray(at, at + (1 << 20)), timeNs });
    return out;
  };

  it('joins a command split over 16 MiB packets and keeps only the head of its text', () => {
    const query = new Uint8Array(huge).fill(0x20);
    query.set(enc.encode("insert into blobs values ('"));
    const conn: ProtocolConnection = new MysqlConnection(options);
    const out = run(conn, [
      { side: 'request', data: command(0x0e), timeNs: 1000n },
      { side: 'response', data: packet(1, okPayload()), timeNs: 2000n },
      ...chunks(packet(0, concat(bytes(0x03), query)), 'request', 3000n),
      // The answer follows the last sequence id of the two-packet command.
      { side: 'response', data: packet(2, okPayload()), timeNs: 4000n },
    ]);
    expect(out.map((r) => r.values['req_cmd'])).toEqual([14, 3]);
    const body = String(out[1]?.values['req_body']);
    expect(body.startsWith("insert into blobs values ('")).toBe(true);
    expect(body.endsWith(TRUNCATED_MARKER)).toBe(true);
    expect(body.length).toBe(64 + TRUNCATED_MARKER.length);
    expect(conn.stats).toMatchObject({ invalidBytes: 0, invalidFrames: 0, unmatched: 0 });
  });

  it('counts a row split over 16 MiB packets as one row, even across a gap in its tail', () => {
    const row = concat(bytes(0xfe), le(huge - 9, 8), new Uint8Array(huge - 9).fill(0x61));
    const answer = packets(1, ...resultSet(['blob'], []).slice(0, 3));
    const rowPackets = packet(4, row); // two wire packets, sequence 4 and 5
    const conn: ProtocolConnection = new MysqlConnection(options);
    conn.onData('request', command(0x03, 'select blob from t'), 1000n);
    conn.onData('response', answer, 2000n);
    conn.onData('response', rowPackets.subarray(0, 100_000), 2000n);
    // Lost bytes beyond the kept head of the row cost nothing: the framer stays aligned.
    conn.onGap('response', 5000, 2000n);
    conn.onData('response', rowPackets.subarray(105_000), 3000n);
    conn.onData('response', packet(6, bytes(0xfe, 0, 0, 2, 0)), 3000n);
    conn.onClose(4000n);
    const out: ProtocolRecord[] = [];
    conn.drain(out);
    expect(out.map((r) => r.values['resp_body'])).toEqual(['Resultset rows = 1']);
    expect(conn.stats).toEqual({
      invalidBytes: 0,
      invalidFrames: 0,
      unmatched: 0,
      overflowBytes: 0,
    });
  });
});

describe('MySQL parser on hostile bytes', () => {
  const small: ParserOptions = { maxBodyBytes: 128, maxBufferBytes: 4096 };

  it('never throws on random bytes and keeps records well-formed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 300 })), { maxLength: 30 }),
        (steps) => {
          const conn: ProtocolConnection = new MysqlConnection(small);
          steps.forEach(([isRequest, data], i) => {
            conn.onData(isRequest ? 'request' : 'response', data, BigInt(i));
            if (i % 7 === 6) conn.onGap(isRequest ? 'response' : 'request', i, BigInt(i));
          });
          conn.onClose(1000n);
          const out: ProtocolRecord[] = [];
          conn.drain(out);
          for (const r of out) {
            expect(r.table).toBe('mysql_events');
            expect(Object.keys(r.values).sort()).toEqual([
              'latency',
              'req_body',
              'req_cmd',
              'resp_body',
              'resp_status',
            ]);
            expect(String(r.values['resp_body']).length).toBeLessThanOrEqual(
              128 + TRUNCATED_MARKER.length,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on a real session with bytes flipped, dropped or repeated', () => {
    const flat = session.map((s) => ({ ...s }));
    fc.assert(
      fc.property(
        fc.nat({ max: flat.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('flip', 'drop', 'repeat'),
        (which, position, value, how) => {
          const segments = flat.map((s, i) => {
            if (i !== which) return s;
            const at = position % s.data.length;
            const data =
              how === 'flip'
                ? Uint8Array.from(s.data, (b, j) => (j === at ? value : b))
                : how === 'drop'
                  ? concat(s.data.subarray(0, at), s.data.subarray(at + 1))
                  : concat(s.data.subarray(0, at + 1), s.data.subarray(at));
            return { ...s, data };
          });
          const out = parse(segments, small);
          expect(out.length).toBeLessThanOrEqual(full.length + 2);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bounds what waits: answers with no command are dropped past the buffer limit', () => {
    const conn: ProtocolConnection = new MysqlConnection(small);
    for (let i = 0; i < 200; i++)
      conn.onData('response', packet(1, errPayload(1064, 'HY000', 'x'.repeat(100))), 1000n);
    expect(conn.stats.overflowBytes).toBeGreaterThan(0);
    const many = new MysqlConnection(small);
    for (let i = 0; i < 2000; i++) many.onData('request', command(0x0e), 1000n);
    expect(many.stats.unmatched).toBe(2000 - 1024);
    // Commands no answer comes for hold at most the buffer limit of payload between them.
    const large = new MysqlConnection(small);
    const query = command(0x03, 'SELECT '.padEnd(1000, 'x'));
    const fit = Math.floor(small.maxBufferBytes / (query.length - 4));
    for (let i = 0; i < 200; i++) large.onData('request', query, 1000n);
    expect(large.stats.unmatched).toBe(200 - fit);
  });
});

describe('MySQL detection', () => {
  it('recognises a greeting, a handshake response and commands, and rejects other protocols', async () => {
    const { detectMysql } = await import('./index.js');
    expect(detectMysql(packet(0, greeting(CAPS.base)))).toEqual({
      side: 'response',
      confidence: 0.9,
    });
    expect(detectMysql(packet(1, handshakeResponse(CAPS.base)))?.side).toBe('request');
    expect(detectMysql(command(0x03, 'select 1'))).toEqual({ side: 'request', confidence: 0.8 });
    expect(detectMysql(command(0x0e))?.side).toBe('request');
    expect(detectMysql(enc.encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toBeNull();
    expect(detectMysql(concat(bytes(0, 0, 0, 8), bytes(4, 0xd2, 0x16, 0x2f)))).toBeNull();
    expect(detectMysql(command(0x03, '\u0001\u0002binary'))).toBeNull();
    expect(detectMysql(binaryRow(1))).toBeNull();
  });
});
