import { describe as group, expect, it } from 'vitest';
import { DEFAULT_PARSER_OPTIONS, type ProtocolRecord } from '../common/types.js';
import { run, script, type Segment } from '../../../../test/sql/drive.js';
import {
  authMd5,
  authOk,
  authSasl,
  authSaslContinue,
  authSaslFinal,
  backendKey,
  be,
  bind,
  bindComplete,
  cancelRequest,
  close,
  closeComplete,
  commandComplete,
  concat,
  copyData,
  copyDone,
  copyInResponse,
  copyOutResponse,
  dataRow,
  describe,
  emptyQuery,
  enc,
  errorResponse,
  execute,
  flush,
  gssRequest,
  noData,
  notice,
  notification,
  parameterDescription,
  parameterStatus,
  parse,
  parseComplete,
  password,
  portalSuspended,
  query,
  ready,
  rowDescription,
  sslRequest,
  startup,
  sync,
  terminate,
} from '../../../../test/sql/pgsql-wire.js';
import { PgsqlConnection } from './connection.js';

const records = (segments: Segment[]): ProtocolRecord[] =>
  run(new PgsqlConnection(DEFAULT_PARSER_OPTIONS), segments);

/** [req_cmd, req, resp] of each row. */
const rows = (segments: Segment[]): [unknown, unknown, unknown][] =>
  records(segments).map((r) => [r.values['req_cmd'], r.values['req'], r.values['resp']]);

const loginMd5: ['request' | 'response', Uint8Array][] = [
  ['request', sslRequest()],
  ['response', enc.encode('N')],
  ['request', startup({ user: 'app', database: 'shop' })],
  ['response', authMd5()],
  ['request', password('md5abcdef')],
  [
    'response',
    concat(authOk(), parameterStatus('server_version', '15.8'), backendKey(7, 9), ready()),
  ],
];

const ERROR_42P01 =
  'ERROR RESPONSE [Severity=ERROR InternalSeverity=ERROR Code=42P01 Message=relation "nope" does not exist]';

group('PostgreSQL simple query', () => {
  it('skips SSLRequest, its bare N, startup and MD5 authentication, then reads queries', () => {
    const out = records(
      script(
        ...loginMd5,
        ['request', query('select id, name from users')],
        [
          'response',
          concat(
            rowDescription([{ name: 'id', typeOid: 23 }, { name: 'name' }]),
            dataRow(['1', 'ann']),
            dataRow(['2', null]),
            commandComplete('SELECT 2'),
            ready(),
          ),
        ],
        ['request', query('select * from nope')],
        ['response', concat(errorResponse('42P01', 'relation "nope" does not exist'), ready())],
        ['request', terminate()],
      ),
    );
    expect(out.map((r) => r.values)).toEqual([
      {
        req_cmd: 'Query',
        req: 'select id, name from users',
        resp: 'id,name\n1,ann\n2,[NULL]\nSELECT 2',
        latency: 1000,
      },
      { req_cmd: 'Query', req: 'select * from nope', resp: ERROR_42P01, latency: 1000 },
    ]);
    expect(out.map((r) => r.timeNs)).toEqual([8000n, 10000n]);
  });

  it('skips SCRAM authentication and a GSSENCRequest refused before the SSLRequest', () => {
    const out = rows(
      script(
        ['request', gssRequest()],
        ['response', enc.encode('N')],
        ['request', sslRequest()],
        ['response', enc.encode('N')],
        ['request', startup({ user: 'app' })],
        ['response', authSasl()],
        ['request', message('p', 'SCRAM-SHA-256\0\0\0\0\x10n,,n=,r=abc')],
        ['response', authSaslContinue('r=abcdef,s=salt,i=4096')],
        ['request', message('p', 'c=biws,r=abcdef,p=proof')],
        ['response', concat(authSaslFinal('v=sig'), authOk(), notice('welcome'), ready())],
        ['request', query('select now()')],
        [
          'response',
          concat(
            rowDescription([{ name: 'now' }]),
            dataRow(['2024-01-01']),
            commandComplete('SELECT 1'),
            ready(),
          ),
        ],
      ),
    );
    expect(out).toEqual([['Query', 'select now()', 'now\n2024-01-01\nSELECT 1']]);
  });

  it('keeps every statement of a multi-statement query, an empty query and ignores async messages', () => {
    const out = rows(
      script(
        ['request', query('create table t (a int); insert into t values (1); select a from t;;')],
        [
          'response',
          concat(
            commandComplete('CREATE TABLE'),
            notice('something'),
            commandComplete('INSERT 0 1'),
            parameterStatus('TimeZone', 'UTC'),
            rowDescription([{ name: 'a' }]),
            dataRow(['1']),
            notification('chan', 'hello'),
            commandComplete('SELECT 1'),
            emptyQuery(),
            ready(),
          ),
        ],
        ['request', query(';')],
        ['response', concat(emptyQuery(), ready())],
        ['request', query('select 1 where false')],
        ['response', concat(rowDescription([{ name: 'x' }]), commandComplete('SELECT 0'), ready())],
      ),
    );
    expect(out).toEqual([
      [
        'Query',
        'create table t (a int); insert into t values (1); select a from t;;',
        'CREATE TABLE\nINSERT 0 1\na\n1\nSELECT 1\n',
      ],
      ['Query', ';', ''],
      ['Query', 'select 1 where false', 'SELECT 0'],
    ]);
  });

  it('reads COPY FROM STDIN and COPY TO STDOUT without losing the framing', () => {
    const out = rows(
      script(
        ['request', query('copy t from stdin')],
        ['response', copyInResponse()],
        ['request', concat(copyData('1\n'), copyData('2\n'), copyDone())],
        ['response', concat(commandComplete('COPY 2'), ready())],
        ['request', query('copy t to stdout')],
        [
          'response',
          concat(
            copyOutResponse(),
            message('d', '1\n'),
            message('d', '2\n'),
            message('c', ''),
            commandComplete('COPY 2'),
            ready(),
          ),
        ],
        ['request', query('select 1')],
        [
          'response',
          concat(
            rowDescription([{ name: '?column?' }]),
            dataRow(['1']),
            commandComplete('SELECT 1'),
            ready(),
          ),
        ],
      ),
    );
    expect(out).toEqual([
      ['Query', 'copy t from stdin', 'COPY 2'],
      ['Query', 'copy t to stdout', 'COPY 2'],
      ['Query', 'select 1', '?column?\n1\nSELECT 1'],
    ]);
  });

  it('emits a query whose connection closed before ReadyForQuery', () => {
    expect(
      rows(
        script(
          ['request', query('select 1/0')],
          ['response', errorResponse('22012', 'division by zero')],
        ),
      ),
    ).toEqual([
      [
        'Query',
        'select 1/0',
        'ERROR RESPONSE [Severity=ERROR InternalSeverity=ERROR Code=22012 Message=division by zero]',
      ],
    ]);
  });

  it('makes no rows for a CancelRequest connection, nor once TLS is accepted', () => {
    expect(records(script(['request', cancelRequest(7, 9)]))).toEqual([]);
    const tls = new PgsqlConnection(DEFAULT_PARSER_OPTIONS);
    const out = run(
      tls,
      script(
        ['request', sslRequest()],
        ['response', enc.encode('S')],
        ['request', Uint8Array.of(0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5)],
        ['response', Uint8Array.of(0x16, 0x03, 0x03, 0x00, 0x02, 1, 2)],
        ['request', query('select 1')],
      ),
    );
    expect(out).toEqual([]);
    expect(tls.stats).toEqual({
      invalidBytes: 0,
      invalidFrames: 0,
      unmatched: 0,
      overflowBytes: 0,
    });
  });
});

/** A frontend or backend message given as text, for the SASL and COPY cases. */
function message(tag: string, body: string): Uint8Array {
  const payload = enc.encode(body);
  return concat(enc.encode(tag), be(payload.length + 4, 4), payload);
}

group('PostgreSQL extended protocol', () => {
  it("gives Parse, Describe, Bind and Execute rows in Pixie's shapes (Go sqlx style)", () => {
    const insert = 'INSERT INTO person (first_name, last_name) VALUES ($1, $2)';
    const out = rows(
      script(
        ['request', concat(parse('', insert), describe('S', ''), sync())],
        ['response', concat(parseComplete(), parameterDescription([25, 25]), noData(), ready())],
        [
          'request',
          concat(
            bind('', '', [{ value: 'Jason' }, { value: 'Moiron' }]),
            describe('P', ''),
            execute(''),
            sync(),
          ),
        ],
        ['response', concat(bindComplete(), noData(), commandComplete('INSERT 0 1'), ready())],
        [
          'request',
          concat(
            parse('', 'SELECT first_name FROM person WHERE first_name=$1'),
            describe('S', ''),
            sync(),
          ),
        ],
        [
          'response',
          concat(
            parseComplete(),
            parameterDescription([25]),
            rowDescription([{ name: 'first_name' }]),
            ready(),
          ),
        ],
        ['request', concat(bind('', '', [{ value: 'Jason' }]), execute(''), sync())],
        [
          'response',
          concat(bindComplete(), dataRow(['Jason']), commandComplete('SELECT 1'), ready()),
        ],
      ),
    );
    expect(out).toEqual([
      ['Parse', insert, 'PARSE COMPLETE'],
      ['Describe', 'type=kStatement name=', 'ROW DESCRIPTION []'],
      [
        'Bind',
        'portal= statement= parameters=[[format=kText value=Jason], [format=kText value=Moiron]] result_format_codes=[]',
        'BIND COMPLETE',
      ],
      ['Describe', 'type=kPortal name=', 'ROW DESCRIPTION []'],
      ['Execute', `query=[${insert}] params=[Jason, Moiron]`, 'INSERT 0 1'],
      ['Parse', 'SELECT first_name FROM person WHERE first_name=$1', 'PARSE COMPLETE'],
      [
        'Describe',
        'type=kStatement name=',
        'ROW DESCRIPTION [name=first_name table_oid=16384 attr_num=1 type_oid=25 type_size=-1 type_modifier=-1 fmt_code=kText]',
      ],
      [
        'Bind',
        'portal= statement= parameters=[[format=kText value=Jason]] result_format_codes=[]',
        'BIND COMPLETE',
      ],
      [
        'Execute',
        'query=[SELECT first_name FROM person WHERE first_name=$1] params=[Jason]',
        'Jason\nSELECT 1',
      ],
    ]);
  });

  it('pairs pipelined batches on named statements and portals, and forgets closed ones', () => {
    const out = rows(
      script(
        [
          'request',
          concat(
            parse('s1', 'select $1::int + 1', [23]),
            parse('s2', 'select $1::text'),
            bind('p1', 's1', [{ format: 1, value: be(41, 4) }], [1]),
            bind('p2', 's2', [{ value: null }]),
            execute('p1'),
            execute('p2'),
            close('S', 's1'),
            sync(),
            bind('', 's1', [{ value: '1' }]),
            execute(''),
            sync(),
          ),
        ],
        [
          'response',
          concat(
            parseComplete(),
            parseComplete(),
            bindComplete(),
            bindComplete(),
            dataRow([be(42, 4)]),
            commandComplete('SELECT 1'),
            dataRow([null]),
            commandComplete('SELECT 1'),
            closeComplete(),
            ready(),
            errorResponse('26000', 'prepared statement "s1" does not exist'),
            ready(),
          ),
        ],
      ),
    );
    expect(out).toEqual([
      ['Parse', 'select $1::int + 1', 'PARSE COMPLETE'],
      ['Parse', 'select $1::text', 'PARSE COMPLETE'],
      [
        'Bind',
        'portal=p1 statement=s1 parameters=[[format=kBinary value=41]] result_format_codes=[kBinary]',
        'BIND COMPLETE',
      ],
      [
        'Bind',
        'portal=p2 statement=s2 parameters=[[format=kText value=[NULL]]] result_format_codes=[]',
        'BIND COMPLETE',
      ],
      ['Execute', 'query=[select $1::int + 1] params=[41]', '\\x0000002a\nSELECT 1'],
      ['Execute', 'query=[select $1::text] params=[[NULL]]', '[NULL]\nSELECT 1'],
      [
        'Bind',
        'portal= statement=s1 parameters=[[format=kText value=1]] result_format_codes=[]',
        'ERROR RESPONSE [Severity=ERROR InternalSeverity=ERROR Code=26000 Message=prepared statement "s1" does not exist]',
      ],
    ]);
  });

  it('decodes binary results with the types a Describe announced', () => {
    const out = rows(
      script(
        [
          'request',
          concat(
            parse('q', 'select id, ok, ratio from t'),
            bind('', 'q', [], [1]),
            describe('P', ''),
            execute(''),
            sync(),
          ),
        ],
        [
          'response',
          concat(
            parseComplete(),
            bindComplete(),
            rowDescription([
              { name: 'id', typeOid: 20, format: 1 },
              { name: 'ok', typeOid: 16, format: 1 },
              { name: 'ratio', typeOid: 701, format: 1 },
            ]),
            dataRow([
              concat(be(0, 4), be(7, 4)),
              Uint8Array.of(1),
              Uint8Array.from([63, 224, 0, 0, 0, 0, 0, 0]),
            ]),
            commandComplete('SELECT 1'),
            ready(),
          ),
        ],
      ),
    );
    expect(out.at(-1)).toEqual([
      'Execute',
      'query=[select id, ok, ratio from t] params=[]',
      '7,t,0.5\nSELECT 1',
    ]);
  });

  it('forgets what a Describe taught about the unnamed statement when it is parsed again', () => {
    const int4 = (n: number): Uint8Array => be(n, 4);
    const round = (oids: number[], value: number, described: boolean): Segment[] =>
      script(
        [
          'request',
          concat(
            parse('', 'select $1', oids),
            ...(described ? [describe('S', '')] : []),
            bind('', '', [{ format: 1, value: int4(value) }], [1]),
            execute(''),
            sync(),
          ),
        ],
        [
          'response',
          concat(
            parseComplete(),
            ...(described
              ? [
                  parameterDescription([23]),
                  rowDescription([{ name: 'v', typeOid: 23, format: 1 }]),
                ]
              : []),
            bindComplete(),
            dataRow([int4(value)]),
            commandComplete('SELECT 1'),
            ready(),
          ),
        ],
      );
    const executes = rows([...round([], 7, true), ...round([], 8, false), ...round([23], 9, false)])
      .filter(([command]) => command === 'Execute')
      .map(([, req, resp]) => [req, resp]);
    expect(executes).toEqual([
      ['query=[select $1] params=[7]', '7\nSELECT 1'],
      ['query=[select $1] params=[\\x00000008]', '\\x00000008\nSELECT 1'],
      ['query=[select $1] params=[9]', '\\x00000009\nSELECT 1'],
    ]);
  });

  it('skips the rest of a batch after an error, up to Sync', () => {
    const out = rows(
      script(
        [
          'request',
          concat(
            parse('', 'select * from nope'),
            bind('', '', []),
            describe('P', ''),
            execute(''),
            sync(),
          ),
        ],
        ['response', concat(errorResponse('42P01', 'relation "nope" does not exist'), ready())],
        ['request', query('select 1')],
        [
          'response',
          concat(
            rowDescription([{ name: 'x' }]),
            dataRow(['1']),
            commandComplete('SELECT 1'),
            ready(),
          ),
        ],
      ),
    );
    expect(out).toEqual([
      ['Parse', 'select * from nope', ERROR_42P01],
      ['Query', 'select 1', 'x\n1\nSELECT 1'],
    ]);
  });

  it('reports an Execute error and a suspended portal', () => {
    const out = rows(
      script(
        [
          'request',
          concat(parse('', 'select n from big'), bind('', '', []), execute('', 1), flush()),
        ],
        ['response', concat(parseComplete(), bindComplete(), dataRow(['1']), portalSuspended())],
        ['request', concat(execute('', 1), sync())],
        [
          'response',
          concat(errorResponse('57014', 'canceling statement due to user request'), ready('E')),
        ],
      ),
    );
    expect(out.slice(2)).toEqual([
      ['Execute', 'query=[select n from big] params=[]', '1\nPORTAL SUSPENDED'],
      [
        'Execute',
        'query=[select n from big] params=[]',
        'ERROR RESPONSE [Severity=ERROR InternalSeverity=ERROR Code=57014 Message=canceling statement due to user request]',
      ],
    ]);
  });

  it('shows a statement prepared before the capture by name', () => {
    const out = rows(
      script(
        ['request', concat(bind('', 'S_18', [{ value: '42' }]), execute(''), sync())],
        ['response', concat(bindComplete(), dataRow(['x']), commandComplete('SELECT 1'), ready())],
      ),
    );
    expect(out).toEqual([
      [
        'Bind',
        'portal= statement=S_18 parameters=[[format=kText value=42]] result_format_codes=[]',
        'BIND COMPLETE',
      ],
      ['Execute', 'query=[<unknown statement S_18>] params=[42]', 'x\nSELECT 1'],
    ]);
  });
});

group('PostgreSQL pairing', () => {
  it('drops answers older than the oldest request and pairs answers fed before their request', () => {
    const conn = new PgsqlConnection(DEFAULT_PARSER_OPTIONS);
    const out = run(conn, [
      { side: 'response', data: concat(commandComplete('SELECT 9'), ready()), timeNs: 500n },
      { side: 'response', data: concat(commandComplete('UPDATE 1'), ready()), timeNs: 2000n },
      { side: 'request', data: query('update t set a = 1'), timeNs: 1000n },
    ]);
    expect(out.map((r) => [r.values['req'], r.values['resp'], r.values['latency']])).toEqual([
      ['update t set a = 1', 'UPDATE 1', 1000],
    ]);
  });

  it('reads the bare N of a refused SSLRequest even when it is fed before the request', () => {
    const out = rows([
      { side: 'response', data: enc.encode('N'), timeNs: 2000n },
      { side: 'request', data: sslRequest(), timeNs: 1000n },
      { side: 'request', data: startup({ user: 'u' }), timeNs: 3000n },
      { side: 'response', data: concat(authOk(), ready()), timeNs: 4000n },
      { side: 'request', data: query('select 1'), timeNs: 5000n },
      { side: 'response', data: concat(commandComplete('SELECT 1'), ready()), timeNs: 6000n },
    ]);
    expect(out).toEqual([['Query', 'select 1', 'SELECT 1']]);
  });

  it('drops a message no request expects and keeps pairing', () => {
    const conn = new PgsqlConnection(DEFAULT_PARSER_OPTIONS);
    const out = run(
      conn,
      script(
        ['request', query('select 1')],
        ['response', concat(bindComplete(), commandComplete('SELECT 1'), ready())],
      ),
    );
    expect(out.map((r) => r.values['resp'])).toEqual(['SELECT 1']);
    expect(conn.stats.invalidFrames).toBe(1);
  });

  it('reads each message within its own length when one read holds the next ones too', () => {
    const conn = new PgsqlConnection(DEFAULT_PARSER_OPTIONS);
    // Unterminated texts, and a column longer than its DataRow, end where their message ends.
    const shortColumn = concat(be(1, 2), be(100, 4), enc.encode('abc'));
    const out = run(
      conn,
      script(
        [
          'request',
          concat(
            message('Q', 'select 1'),
            message('D', 'Pname'),
            message('E', ''),
            query('select 2'),
          ),
        ],
        [
          'response',
          concat(
            enc.encode('D'),
            be(shortColumn.length + 4, 4),
            shortColumn,
            message('C', 'SELECT 2'),
            ready(),
          ),
        ],
      ),
    );
    expect(out.map((r) => [r.values['req'], r.values['resp']])).toEqual([
      ['select 2', 'abc\nSELECT 2'],
    ]);
    expect(conn.stats.invalidFrames).toBe(3);
  });
});
