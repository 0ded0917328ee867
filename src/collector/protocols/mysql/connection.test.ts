import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSER_OPTIONS, type ProtocolRecord } from '../common/types.js';
import { run, script, type Segment } from '../../../../test/sql/drive.js';
import {
  CAPS,
  binaryRow,
  bytes,
  columnDef,
  command,
  concat,
  enc,
  eofPayload,
  errPayload,
  executePayload,
  greeting,
  handshakeResponse,
  le,
  lenenc,
  lenencString,
  okPayload,
  packet,
  packets,
  prepareAnswer,
  resultSet,
  textRow,
} from '../../../../test/sql/mysql-wire.js';
import { MysqlConnection } from './connection.js';

const records = (segments: Segment[]): ProtocolRecord[] =>
  run(new MysqlConnection(DEFAULT_PARSER_OPTIONS), segments);

const rows = (segments: Segment[]): Record<string, unknown>[] =>
  records(segments).map((r) => {
    const rest: Record<string, unknown> = { ...r.values };
    delete rest['latency'];
    return rest;
  });

/** The connection phase of a client and server that negotiate `capabilities`. */
function login(
  capabilities: number,
): [['response', Uint8Array], ['request', Uint8Array], ['response', Uint8Array]] {
  return [
    ['response', packet(0, greeting(capabilities))],
    ['request', packet(1, handshakeResponse(capabilities))],
    ['response', packet(2, okPayload())],
  ];
}

describe('MySQL text protocol', () => {
  it('pairs COM_QUERY with OK, result sets and ERR; the ERR keeps its code and SQL state', () => {
    const out = records(
      script(
        ...login(CAPS.base),
        ['request', command(0x03, 'insert into t values (1)')],
        ['response', packet(1, okPayload(0x0002, 1))],
        ['request', command(0x03, 'select a, b from t')],
        ['response', packets(1, ...resultSet(['a', 'b'], [textRow('1', null), textRow('2', 'x')]))],
        ['request', command(0x03, 'select * from nope')],
        ['response', packet(1, errPayload(1146, '42S02', "Table 'db.nope' doesn't exist"))],
      ),
    );
    expect(out.map((r) => r.values)).toEqual([
      {
        req_cmd: 3,
        req_body: 'insert into t values (1)',
        resp_status: 2,
        resp_body: '',
        latency: 1000,
      },
      {
        req_cmd: 3,
        req_body: 'select a, b from t',
        resp_status: 2,
        resp_body: 'Resultset rows = 2',
        latency: 1000,
      },
      {
        req_cmd: 3,
        req_body: 'select * from nope',
        resp_status: 3,
        resp_body: "ERROR 1146 (42S02): Table 'db.nope' doesn't exist",
        latency: 1000,
      },
    ]);
    expect(out.map((r) => r.timeNs)).toEqual([5000n, 7000n, 9000n]);
  });

  it('reads CLIENT_DEPRECATE_EOF result sets, empty ones included, negotiated or learned', () => {
    const steps: [['request' | 'response', Uint8Array], ...['request' | 'response', Uint8Array][]] =
      [
        ['request', command(0x03, 'select 1')],
        ['response', packets(1, ...resultSet(['1'], [textRow('1')], { deprecateEof: true }))],
        ['request', command(0x03, 'select 1 where false')],
        ['response', packets(1, ...resultSet(['1'], [], { deprecateEof: true }))],
      ];
    const expected = [
      { req_cmd: 3, req_body: 'select 1', resp_status: 2, resp_body: 'Resultset rows = 1' },
      {
        req_cmd: 3,
        req_body: 'select 1 where false',
        resp_status: 2,
        resp_body: 'Resultset rows = 0',
      },
    ];
    expect(rows(script(...login(CAPS.base | CAPS.deprecateEof), ...steps))).toEqual(expected);
    expect(rows(script(...steps))).toEqual(expected);
  });

  it('follows "more results" across several result sets and a final OK', () => {
    const more = 0x000a;
    const out = rows(
      script(
        ['request', command(0x03, 'call two_selects()')],
        [
          'response',
          packets(
            1,
            ...resultSet(['a'], [textRow('1')], { status: more }),
            ...resultSet(['b'], [textRow('1'), textRow('2')], { status: more }),
            okPayload(),
          ),
        ],
        ['request', command(0x0e)],
        ['response', packet(1, okPayload())],
      ),
    );
    expect(out).toEqual([
      {
        req_cmd: 3,
        req_body: 'call two_selects()',
        resp_status: 2,
        resp_body: 'Resultset rows = 1, Resultset rows = 2',
      },
      { req_cmd: 14, req_body: '', resp_status: 2, resp_body: '' },
    ]);
  });

  it('handles COM_INIT_DB, COM_PING, COM_RESET_CONNECTION, COM_STATISTICS and COM_QUIT', () => {
    const out = rows(
      script(
        ['request', command(0x02, 'shop')],
        ['response', packet(1, errPayload(1049, '42000', "Unknown database 'shop'"))],
        ['request', command(0x0e)],
        ['response', packet(1, okPayload())],
        ['request', command(0x1f)],
        ['response', packet(1, okPayload())],
        ['request', command(0x09)],
        ['response', packet(1, enc.encode('Uptime: 5  Threads: 1'))],
        ['request', command(0x01)],
      ),
    );
    expect(out).toEqual([
      {
        req_cmd: 2,
        req_body: 'shop',
        resp_status: 3,
        resp_body: "ERROR 1049 (42000): Unknown database 'shop'",
      },
      { req_cmd: 14, req_body: '', resp_status: 2, resp_body: '' },
      { req_cmd: 31, req_body: '', resp_status: 2, resp_body: '' },
      { req_cmd: 9, req_body: '', resp_status: 2, resp_body: 'Uptime: 5  Threads: 1' },
      { req_cmd: 1, req_body: '', resp_status: 1, resp_body: '' },
    ]);
  });

  it('skips the handshake, an auth switch and AuthMoreData before the first command', () => {
    const out = rows(
      script(
        ['response', packet(0, greeting(CAPS.base))],
        ['request', packet(1, handshakeResponse(CAPS.base))],
        [
          'response',
          packet(2, concat(bytes(0xfe), enc.encode('caching_sha2_password\0'), new Uint8Array(21))),
        ],
        ['request', packet(3, new Uint8Array(32).fill(9))],
        ['response', packet(4, bytes(0x01, 0x04))], // AuthMoreData: full authentication
        ['request', packet(5, enc.encode('secret\0'))],
        ['response', packet(6, okPayload())],
        ['request', command(0x03, 'select 1')],
        ['response', packets(1, ...resultSet(['1'], [textRow('1')]))],
      ),
    );
    expect(out).toEqual([
      { req_cmd: 3, req_body: 'select 1', resp_status: 2, resp_body: 'Resultset rows = 1' },
    ]);
  });

  it('makes no rows for a server that refuses the connection with an ERR instead of a greeting', () => {
    expect(
      records(script(['response', packet(0, errPayload(1130, 'HY000', 'Host is not allowed'))])),
    ).toEqual([]);
  });

  it('ignores a connection once the client asks for TLS', () => {
    const out = records(
      script(
        ['response', packet(0, greeting(CAPS.base | CAPS.ssl))],
        ['request', packet(1, handshakeResponse(CAPS.base | CAPS.ssl).subarray(0, 32))],
        ['request', bytes(0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03)],
        ['response', bytes(0x16, 0x03, 0x03, 0x00, 0x7a, 0x02, 0x00, 0x00, 0x76)],
      ),
    );
    expect(out).toEqual([]);
  });

  it('answers a LOCAL INFILE request through the client data to the final OK', () => {
    const out = rows(
      script(
        ['request', command(0x03, "load data local infile 'x.csv' into table t")],
        ['response', packet(1, concat(bytes(0xfb), enc.encode('x.csv')))],
        ['request', concat(packet(2, enc.encode('1,a\n2,b\n')), packet(3, new Uint8Array(0)))],
        ['response', packet(4, okPayload(0x0002, 2))],
        ['request', command(0x0e)],
        ['response', packet(1, okPayload())],
      ),
    );
    expect(out).toEqual([
      {
        req_cmd: 3,
        req_body: "load data local infile 'x.csv' into table t",
        resp_status: 2,
        resp_body: '',
      },
      { req_cmd: 14, req_body: '', resp_status: 2, resp_body: '' },
    ]);
  });
});

describe('MySQL query attributes (CLIENT_QUERY_ATTRIBUTES)', () => {
  const withAttributes = (count: number): Uint8Array =>
    count === 0
      ? bytes(0x00, 0x01)
      : concat(
          lenenc(count),
          bytes(1),
          bytes(0),
          bytes(1),
          bytes(0xfe, 0),
          lenencString('trace'),
          lenencString('abc'),
        );

  it('strips the attribute block when the handshake negotiated it', () => {
    const out = rows(
      script(
        ...login(CAPS.base | CAPS.queryAttributes),
        ['request', command(0x03, concat(withAttributes(0), enc.encode('select 1')))],
        ['response', packets(1, ...resultSet(['1'], [textRow('1')]))],
        ['request', command(0x03, concat(withAttributes(1), enc.encode('select 2')))],
        ['response', packets(1, ...resultSet(['2'], [textRow('2')]))],
      ),
    );
    expect(out.map((r) => r['req_body'])).toEqual(['select 1', 'select 2']);
  });

  it('recognises the block on a connection joined mid-stream', () => {
    const out = rows(
      script(
        ['request', command(0x03, concat(withAttributes(0), enc.encode('select now()')))],
        ['response', packets(1, ...resultSet(['now()'], [textRow('2024-01-01')]))],
      ),
    );
    expect(out.map((r) => r['req_body'])).toEqual(['select now()']);
  });

  it('leaves statement text alone when attributes are off', () => {
    const out = rows(
      script(
        ...login(CAPS.base),
        ['request', command(0x03, '\u0000\u0001odd')],
        ['response', packet(1, okPayload())],
      ),
    );
    expect(out.map((r) => r['req_body'])).toEqual(['\u0000\u0001odd']);
  });
});

describe('MySQL prepared statements', () => {
  const text = 'select * from t where id = ? and name = ? and at < ? and ratio > ? and big = ?';
  const params = [
    { type: 0x08, value: le(42, 8) },
    { type: 0xfd, value: lenencString('Ann') },
    { type: 0x0c, value: concat(bytes(11), le(2024, 2), bytes(2, 29, 13, 5, 9), le(1500, 4)) },
    { type: 0x05, value: new Uint8Array(new Float64Array([0.25]).buffer) },
    { type: 0x08, value: bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), unsigned: true },
  ];

  it('shows EXECUTE as the prepared text with its decoded parameters, and CLOSE without an answer', () => {
    const out = rows(
      script(
        ['request', command(0x16, text)],
        ['response', packets(1, ...prepareAnswer(7, 5, ['id', 'name']))],
        ['request', packet(0, executePayload(7, params))],
        [
          'response',
          packets(1, ...resultSet(['id', 'name'], [binaryRow(2, le(42, 8), lenencString('Ann'))])),
        ],
        ['request', command(0x19, le(7, 4))],
        ['request', packet(0, executePayload(7, []))],
        ['response', packet(1, errPayload(1243, 'HY000', 'Unknown prepared statement handler'))],
      ),
    );
    expect(out[0]).toEqual({ req_cmd: 22, req_body: text, resp_status: 2, resp_body: '' });
    expect(out[1]).toEqual({
      req_cmd: 23,
      req_body: `query=[${text}] params=[42, Ann, 2024-02-29 13:05:09.001500, 0.25, 18446744073709551615]`,
      resp_status: 2,
      resp_body: 'Resultset rows = 1',
    });
    expect(out[2]).toEqual({ req_cmd: 25, req_body: '', resp_status: 1, resp_body: '' });
    expect(out[3]).toEqual({
      req_cmd: 23,
      req_body: 'Execute stmt_id=7.',
      resp_status: 3,
      resp_body: 'ERROR 1243 (HY000): Unknown prepared statement handler',
    });
  });

  it('counts binary rows, reuses bound types, renders NULL and long data', () => {
    const sql = 'insert into t values (?, ?, ?)';
    const out = rows(
      script(
        ['request', command(0x16, sql)],
        ['response', packets(1, ...prepareAnswer(3, 3, []))],
        ['request', command(0x18, concat(le(3, 4), le(2, 2), enc.encode('a long ')))],
        ['request', command(0x18, concat(le(3, 4), le(2, 2), enc.encode('text')))],
        [
          'request',
          packet(
            0,
            executePayload(3, [
              { type: 0x03, value: le(5, 4) },
              { type: 0x03, value: null },
              { type: 0xfc, value: new Uint8Array(0) },
            ]),
          ),
        ],
        ['response', packet(1, okPayload(0x0002, 1))],
        [
          'request',
          packet(
            0,
            executePayload(
              3,
              [
                { type: 0x03, value: le(0xfffffffe, 4) },
                { type: 0x03, value: le(9, 4) },
                { type: 0xfc, value: lenencString('short') },
              ],
              { bound: false },
            ),
          ),
        ],
        ['response', packet(1, okPayload(0x0002, 1))],
        ['request', command(0x16, 'select a from t')],
        ['response', packets(1, ...prepareAnswer(4, 0, ['a']))],
        ['request', packet(0, executePayload(4, []))],
        [
          'response',
          packets(1, ...resultSet(['a'], [binaryRow(1, le(1, 4)), binaryRow(1, le(2, 4))])),
        ],
      ),
    );
    expect(out.map((r) => [r['req_cmd'], r['req_body'], r['resp_status'], r['resp_body']])).toEqual(
      [
        [22, sql, 2, ''],
        [24, '', 1, ''],
        [24, '', 1, ''],
        [23, `query=[${sql}] params=[5, NULL, a long text]`, 2, ''],
        [23, `query=[${sql}] params=[-2, 9, short]`, 2, ''],
        [22, 'select a from t', 2, ''],
        [23, 'query=[select a from t] params=[]', 2, 'Resultset rows = 2'],
      ],
    );
  });

  it('decodes EXECUTE parameters sent with attribute names (CLIENT_QUERY_ATTRIBUTES)', () => {
    const out = rows(
      script(
        ...login(CAPS.base | CAPS.queryAttributes | CAPS.deprecateEof),
        ['request', command(0x16, 'select ?')],
        ['response', packets(1, ...prepareAnswer(1, 1, ['?'], true))],
        [
          'request',
          packet(
            0,
            executePayload(1, [{ type: 0xfe, value: lenencString('hi'), name: '' }], {
              attributes: true,
            }),
          ),
        ],
        [
          'response',
          packets(
            1,
            ...resultSet(['?'], [binaryRow(1, lenencString('hi'))], { deprecateEof: true }),
          ),
        ],
      ),
    );
    expect(out.map((r) => [r['req_body'], r['resp_body']])).toEqual([
      ['select ?', ''],
      ['query=[select ?] params=[hi]', 'Resultset rows = 1'],
    ]);
  });

  it('resolves statement id 0xffffffff to the statement prepared last (MariaDB pipelining)', () => {
    const out = rows(
      script(
        [
          'request',
          concat(
            command(0x16, 'select ?'),
            packet(0, executePayload(0xffffffff, [{ type: 0x01, value: bytes(0xff) }])),
          ),
        ],
        ['response', packets(1, ...prepareAnswer(9, 1, []))],
        ['response', packet(1, okPayload())],
      ),
    );
    expect(out.map((r) => r['req_body'])).toEqual(['select ?', 'query=[select ?] params=[-1]']);
  });

  it('waits for an ambiguous trailing EOF of a PREPARE answer until the next answer shows', () => {
    const out = rows(
      script(
        ['request', command(0x16, 'select ?')],
        ['response', packets(1, ...prepareAnswer(2, 1, [], true))],
        ['request', packet(0, executePayload(2, [{ type: 0x01, value: bytes(1) }]))],
        ['response', packet(1, okPayload())],
      ),
    );
    expect(out.map((r) => [r['req_cmd'], r['resp_status']])).toEqual([
      [22, 2],
      [23, 2],
    ]);
  });
});

describe('MySQL pairing', () => {
  it('pairs an answer that arrives before its command was fed', () => {
    const out = records([
      { side: 'response', data: packet(1, okPayload()), timeNs: 2000n },
      { side: 'request', data: command(0x0e), timeNs: 1000n },
    ]);
    expect(out.map((r) => [r.values['req_cmd'], r.values['latency'], r.timeNs])).toEqual([
      [14, 1000, 2000n],
    ]);
  });

  it('drops an answer older than the oldest command (its command was never seen)', () => {
    const conn = new MysqlConnection(DEFAULT_PARSER_OPTIONS);
    const out = run(conn, [
      { side: 'response', data: packets(1, ...resultSet(['a'], [textRow('1')])), timeNs: 1000n },
      { side: 'request', data: command(0x0e), timeNs: 2000n },
      { side: 'response', data: packet(1, okPayload()), timeNs: 3000n },
    ]);
    expect(out.map((r) => r.values['req_cmd'])).toEqual([14]);
    expect(conn.stats.unmatched).toBe(1);
  });

  it('counts commands still waiting at close as unmatched and emits nothing for them', () => {
    const conn = new MysqlConnection(DEFAULT_PARSER_OPTIONS);
    expect(run(conn, script(['request', command(0x03, 'select sleep(100)')]))).toEqual([]);
    expect(conn.stats.unmatched).toBe(1);
  });

  it('reports an answer cut by the connection closing as status unknown', () => {
    const out = rows(
      script(
        ['request', command(0x03, 'select a from big')],
        ['response', packets(1, ...resultSet(['a'], [textRow('1')]).slice(0, -1))],
      ),
    );
    expect(out).toEqual([
      { req_cmd: 3, req_body: 'select a from big', resp_status: 0, resp_body: '' },
    ]);
  });

  it('reports a malformed answer as status unknown and resynchronises on the next answer', () => {
    const out = rows(
      script(
        ...login(CAPS.base),
        ['request', command(0x16, 'select 1')],
        ['response', packet(1, bytes(0x07, 1, 2))],
        ['request', command(0x0e)],
        ['response', packet(1, okPayload())],
      ),
    );
    expect(out).toEqual([
      { req_cmd: 22, req_body: 'select 1', resp_status: 0, resp_body: '' },
      { req_cmd: 14, req_body: '', resp_status: 2, resp_body: '' },
    ]);
  });
});

describe('MySQL less common commands', () => {
  it('reads COM_FIELD_LIST, a cursor fetch, progress reports and COM_CHANGE_USER (which forgets statements)', () => {
    const cursorEof = concat(bytes(0xfe), le(0, 2), le(0x0042, 2)); // SERVER_STATUS_CURSOR_EXISTS
    const progress = concat(
      bytes(0xff),
      le(0xffff, 2),
      bytes(1, 1, 2),
      le(500, 3),
      lenencString('alter'),
    );
    const out = rows(
      script(
        ...login(CAPS.base),
        ['request', command(0x04, concat(enc.encode('users'), bytes(0)))],
        ['response', packets(1, columnDef('id'), columnDef('name'), eofPayload())],
        ['request', command(0x16, 'select id from t')],
        ['response', packets(1, ...prepareAnswer(5, 0, ['id']))],
        ['request', packet(0, concat(bytes(0x17), le(5, 4), bytes(1), le(1, 4)))], // opens a cursor
        ['response', packets(1, lenenc(1), columnDef('id'), cursorEof)],
        ['request', command(0x1c, concat(le(5, 4), le(10, 4)))],
        ['response', packets(1, binaryRow(1, le(1, 4)), binaryRow(1, le(2, 4)), eofPayload())],
        ['request', command(0x03, 'alter table t add c int')],
        ['response', packets(1, progress, progress, okPayload())],
        ['request', command(0x11, concat(enc.encode('bob\0'), bytes(0), enc.encode('shop\0')))],
        [
          'response',
          packet(1, concat(bytes(0xfe), enc.encode('mysql_native_password\0'), new Uint8Array(21))),
        ],
        ['request', packet(2, new Uint8Array(20))],
        ['response', packet(3, okPayload())],
        ['request', packet(0, concat(bytes(0x17), le(5, 4), bytes(0), le(1, 4)))],
        ['response', packet(1, errPayload(1243, 'HY000', 'Unknown prepared statement handler'))],
      ),
    );
    expect(out).toEqual([
      { req_cmd: 4, req_body: 'users', resp_status: 2, resp_body: '' },
      { req_cmd: 22, req_body: 'select id from t', resp_status: 2, resp_body: '' },
      {
        req_cmd: 23,
        req_body: 'query=[select id from t] params=[]',
        resp_status: 2,
        resp_body: '',
      },
      { req_cmd: 28, req_body: '', resp_status: 2, resp_body: 'Resultset rows = 2' },
      { req_cmd: 3, req_body: 'alter table t add c int', resp_status: 2, resp_body: '' },
      { req_cmd: 17, req_body: '', resp_status: 2, resp_body: '' },
      {
        req_cmd: 23,
        req_body: 'Execute stmt_id=5.',
        resp_status: 3,
        resp_body: 'ERROR 1243 (HY000): Unknown prepared statement handler',
      },
    ]);
  });

  it('ends an open-ended replication stream at close', () => {
    const out = rows(
      script(
        ...login(CAPS.base),
        ['request', command(0x12, concat(le(4, 4), le(0, 2), le(1, 4), enc.encode('bin.000001')))],
        [
          'response',
          packets(1, concat(bytes(0), new Uint8Array(30)), concat(bytes(0), new Uint8Array(40))),
        ],
      ),
    );
    expect(out).toEqual([{ req_cmd: 18, req_body: '', resp_status: 2, resp_body: '' }]);
  });
});
