import fc from 'fast-check';
import { describe as group, expect, it } from 'vitest';
import { TRUNCATED_MARKER } from '../common/display-text.js';
import {
  DEFAULT_PARSER_OPTIONS,
  type ParserOptions,
  type ProtocolConnection,
  type ProtocolRecord,
} from '../common/types.js';
import {
  byteByByte,
  everySplit,
  run,
  script,
  valuesOf,
  type Segment,
} from '../../../../test/sql/drive.js';
import {
  authMd5,
  authOk,
  backendKey,
  be,
  bind,
  bindComplete,
  commandComplete,
  concat,
  dataRow,
  describe,
  enc,
  errorResponse,
  execute,
  noData,
  notice,
  parameterDescription,
  parameterStatus,
  parse,
  parseComplete,
  password,
  query,
  ready,
  rowDescription,
  sslRequest,
  startup,
  sync,
  terminate,
} from '../../../../test/sql/pgsql-wire.js';
import { detectPgsql } from './index.js';
import { PgsqlConnection } from './connection.js';

const parseAll = (
  segments: readonly Segment[],
  options: ParserOptions = DEFAULT_PARSER_OPTIONS,
): ProtocolRecord[] => run(new PgsqlConnection(options), segments);

const session: Segment[] = script(
  ['request', sslRequest()],
  ['response', enc.encode('N')],
  ['request', startup({ user: 'app', database: 'shop' })],
  ['response', authMd5()],
  ['request', password('md5abc')],
  [
    'response',
    concat(authOk(), parameterStatus('server_version', '15'), backendKey(1, 2), ready()),
  ],
  ['request', query('select id from t')],
  [
    'response',
    concat(
      rowDescription([{ name: 'id' }]),
      dataRow(['1']),
      dataRow(['2']),
      commandComplete('SELECT 2'),
      ready(),
    ),
  ],
  ['request', concat(parse('s', 'update t set v = $1 where id = $2'), describe('S', 's'), sync())],
  ['response', concat(parseComplete(), noData(), notice('hint'), ready())],
  ['request', concat(bind('', 's', [{ value: 'x' }, { value: '1' }]), execute(''), sync())],
  ['response', concat(bindComplete(), commandComplete('UPDATE 1'), ready())],
  ['request', query('select nope')],
  ['response', concat(errorResponse('42703', 'column "nope" does not exist'), ready())],
  ['request', terminate()],
);

const full = parseAll(session);

group('PostgreSQL framing whatever the reads', () => {
  it('reads the reference session completely', () => {
    expect(full.map((r) => r.values['req_cmd'])).toEqual([
      'Query',
      'Parse',
      'Describe',
      'Bind',
      'Execute',
      'Query',
    ]);
  });

  it('gives the same records for a cut at every byte boundary', () => {
    const expected = valuesOf(full);
    let variants = 0;
    for (const variant of everySplit(session)) {
      expect(valuesOf(parseAll(variant))).toEqual(expected);
      variants++;
    }
    expect(variants).toBeGreaterThan(300);
  });

  it('gives the same records when every byte comes in its own read', () => {
    expect(valuesOf(parseAll(byteByByte(session)))).toEqual(valuesOf(full));
  });

  it('keeps nothing of a read buffer that is reused, however the reads are cut', () => {
    const expected = valuesOf(full);
    for (const variant of everySplit(session)) {
      expect(valuesOf(parseThroughOneBuffer(variant))).toEqual(expected);
    }
    expect(valuesOf(parseThroughOneBuffer(byteByByte(session)))).toEqual(expected);
  });

  it('keeps nothing of a reused read buffer when answers come before their requests', () => {
    // The answers wait for their requests, and the binary Bind value waits for the
    // ParameterDescription that says how to read it.
    const answersFirst: Segment[] = [
      {
        side: 'response',
        data: concat(
          parseComplete(),
          parameterDescription([23]),
          rowDescription([{ name: 'n', typeOid: 23, format: 1 }]),
          bindComplete(),
          dataRow([be(7, 4)]),
          commandComplete('SELECT 1'),
          ready(),
        ),
        timeNs: 2000n,
      },
      {
        side: 'request',
        data: concat(
          parse('s', 'select $1 + 0'),
          describe('S', 's'),
          bind('', 's', [{ format: 1, value: be(6, 4) }], [1]),
          execute(''),
          sync(),
        ),
        timeNs: 1000n,
      },
    ];
    const expected = valuesOf(parseAll(answersFirst));
    expect(expected.map((r) => r['req'])).toContain('query=[select $1 + 0] params=[6]');
    expect(expected.map((r) => r['resp'])).toContain('7\nSELECT 1');
    expect(valuesOf(parseThroughOneBuffer(answersFirst))).toEqual(expected);
    for (const variant of everySplit(answersFirst)) {
      expect(valuesOf(parseThroughOneBuffer(variant))).toEqual(expected);
    }
  });
});

/**
 * Feeds every read through the same buffer and scribbles over it after each one, as a capture
 * loop reusing its read buffer would: the parser must copy whatever it keeps.
 */
function parseThroughOneBuffer(segments: readonly Segment[]): ProtocolRecord[] {
  const conn: ProtocolConnection = new PgsqlConnection(DEFAULT_PARSER_OPTIONS);
  const buffer = new Uint8Array(Math.max(...segments.map((s) => s.data.length)));
  for (const s of segments) {
    buffer.set(s.data);
    conn.onData(s.side, buffer.subarray(0, s.data.length), s.timeNs);
    buffer.fill(0x44);
  }
  conn.onClose((segments.at(-1)?.timeNs ?? 0n) + 1n);
  const out: ProtocolRecord[] = [];
  conn.drain(out);
  return out;
}

const key = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * Whether `part` appears in `whole` in order. A record may differ from its reference only
 * where a gap hid the Parse or Bind it needed: its req then names an unknown statement or
 * portal instead of the text.
 */
function isSubsequence(
  part: readonly Record<string, unknown>[],
  whole: readonly Record<string, unknown>[],
): boolean {
  const same = (a: Record<string, unknown>, b: Record<string, unknown>): boolean =>
    key({ ...a, req: '' }) === key({ ...b, req: '' }) &&
    (a['req'] === b['req'] || String(a['req']).includes('<unknown'));
  let at = 0;
  for (const item of part) {
    while (at < whole.length && !same(item, whole[at] ?? {})) at++;
    if (at === whole.length) return false;
    at++;
  }
  return true;
}

group('PostgreSQL resynchronisation', () => {
  const queries = script(
    ['request', query('select 1')],
    [
      'response',
      concat(rowDescription([{ name: 'a' }]), dataRow(['1']), commandComplete('SELECT 1'), ready()),
    ],
    ['request', query('select 22')],
    [
      'response',
      concat(
        rowDescription([{ name: 'a' }]),
        dataRow(['22']),
        commandComplete('SELECT 1'),
        ready(),
      ),
    ],
    [
      'request',
      concat(parse('', 'select $1'), bind('', '', [{ value: '333' }]), execute(''), sync()),
    ],
    [
      'response',
      concat(
        parseComplete(),
        bindComplete(),
        dataRow(['333']),
        commandComplete('SELECT 1'),
        ready(),
      ),
    ],
    ['request', query('select 4444')],
    [
      'response',
      concat(
        rowDescription([{ name: 'a' }]),
        dataRow(['4444']),
        commandComplete('SELECT 1'),
        ready(),
      ),
    ],
  );
  const reference = valuesOf(parseAll(queries));

  it('joins a connection mid-stream at any byte of either side and resumes', () => {
    // The capture starts inside segment `first`: everything before it is unseen, on both sides.
    for (const first of [0, 1]) {
      const seg = queries[first];
      if (!seg) throw new Error('no segment');
      for (let skip = 1; skip < seg.data.length; skip++) {
        const joined = [{ ...seg, data: seg.data.subarray(skip) }, ...queries.slice(first + 1)];
        const out = valuesOf(parseAll(joined));
        expect(isSubsequence(out, reference)).toBe(true);
        expect(out.slice(-4)).toEqual(reference.slice(-4));
      }
    }
  });

  it('resumes after a gap in either direction and never mispairs', () => {
    for (const target of [0, 1, 4, 5]) {
      const seg = queries[target];
      if (!seg) throw new Error('no segment');
      for (let from = 0; from < seg.data.length; from += 2) {
        const length = Math.min(6, seg.data.length - from);
        const conn: ProtocolConnection = new PgsqlConnection(DEFAULT_PARSER_OPTIONS);
        queries.forEach((s, i) => {
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
        const got = valuesOf(out);
        expect(isSubsequence(got, reference), `gap at ${target}:${from} gave ${key(got)}`).toBe(
          true,
        );
        expect(got.slice(-1), `gap at ${target}:${from} gave ${key(got)}`).toEqual(
          reference.slice(-1),
        );
      }
    }
  });

  it('keeps only the head of a huge row and stays aligned past it', () => {
    const options: ParserOptions = { maxBodyBytes: 100, maxBufferBytes: 64 * 1024 };
    const big = 'x'.repeat(5_000_000);
    const conn = new PgsqlConnection(options);
    const out = run(conn, [
      { side: 'request', data: query('select big from t'), timeNs: 1000n },
      {
        side: 'response',
        data: concat(
          rowDescription([{ name: 'big' }]),
          dataRow([big]),
          commandComplete('SELECT 1'),
          ready(),
        ),
        timeNs: 2000n,
      },
      { side: 'request', data: query('select 1'), timeNs: 3000n },
      { side: 'response', data: concat(commandComplete('SELECT 1'), ready()), timeNs: 4000n },
    ]);
    const resp = String(out[0]?.values['resp']);
    expect(resp.startsWith('big\nxxxx')).toBe(true);
    expect(resp.endsWith(TRUNCATED_MARKER)).toBe(true);
    expect(resp.length).toBe(100 + TRUNCATED_MARKER.length);
    expect(out[1]?.values).toMatchObject({ req: 'select 1', resp: 'SELECT 1' });
    expect(conn.stats).toEqual({
      invalidBytes: 0,
      invalidFrames: 0,
      unmatched: 0,
      overflowBytes: 0,
    });
  });
});

group('PostgreSQL parser on hostile bytes', () => {
  const small: ParserOptions = { maxBodyBytes: 128, maxBufferBytes: 4096 };

  it('never throws on random bytes and keeps records well-formed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 300 })), { maxLength: 30 }),
        (steps) => {
          const conn: ProtocolConnection = new PgsqlConnection(small);
          steps.forEach(([isRequest, data], i) => {
            conn.onData(isRequest ? 'request' : 'response', data, BigInt(i));
            if (i % 7 === 6) conn.onGap(isRequest ? 'response' : 'request', i, BigInt(i));
          });
          conn.onClose(1000n);
          const out: ProtocolRecord[] = [];
          conn.drain(out);
          for (const r of out) {
            expect(Object.keys(r.values).sort()).toEqual(['latency', 'req', 'req_cmd', 'resp']);
            expect(String(r.values['resp']).length).toBeLessThanOrEqual(
              128 + TRUNCATED_MARKER.length,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on a real session with bytes flipped, dropped or repeated', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: session.length - 1 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('flip', 'drop', 'repeat'),
        (which, position, value, how) => {
          const segments = session.map((s, i) => {
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
          expect(parseAll(segments, small).length).toBeLessThanOrEqual(full.length + 2);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bounds what waits for a request and what waits for an answer', () => {
    const answers = new PgsqlConnection(small);
    answers.onData('response', concat(authOk(), ready()), 1n);
    for (let i = 0; i < 100; i++)
      answers.onData('response', concat(commandComplete('x'.repeat(100)), ready()), 2n);
    expect(answers.stats.overflowBytes).toBeGreaterThan(0);
    const requests = new PgsqlConnection(small);
    for (let i = 0; i < 1100; i++) requests.onData('request', query('select 1'), 1n);
    expect(requests.stats.unmatched).toBe(1100 - 1024);
  });
});

group('PostgreSQL detection', () => {
  it('recognises startup-phase messages, queries and authentication, and rejects other protocols', () => {
    expect(detectPgsql(sslRequest())).toEqual({ side: 'request', confidence: 0.9 });
    expect(detectPgsql(startup({ user: 'u' }))).toEqual({ side: 'request', confidence: 0.95 });
    expect(detectPgsql(query('select 1'))).toEqual({ side: 'request', confidence: 0.8 });
    expect(detectPgsql(authMd5())).toEqual({ side: 'response', confidence: 0.7 });
    expect(detectPgsql(parse('', 'select 1'))?.side).toBe('request');
    expect(detectPgsql(enc.encode('GET / HTTP/1.1\r\n\r\n'))).toBeNull();
    expect(detectPgsql(Uint8Array.of(0x0c, 0, 0, 0, 3, 0x73, 0x65))).toBeNull();
    expect(
      detectPgsql(concat(enc.encode('Q'), Uint8Array.of(0, 0, 0, 9, 1, 2, 3, 4, 0))),
    ).toBeNull();
  });
});
