/**
 * px against real servers: PostgreSQL 15 and MariaDB on loopback, driven by their own clients
 * (psql, pgbench, mariadb) and by a small binary-protocol client, recorded with tcpdump on lo,
 * split into TCP streams by tshark and fed to the parsers. The rows must say what the clients
 * did, field by field. Servers, tcpdump and tshark come from Debian packages: if one is
 * missing the test fails.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PARSER_OPTIONS,
  emptyParserStats,
  type ProtocolRecord,
  type ProtocolSpec,
} from '../../src/collector/protocols/common/types.js';
import { mysqlSpec } from '../../src/collector/protocols/mysql/index.js';
import { pgsqlSpec } from '../../src/collector/protocols/pgsql/index.js';
import { BinaryClient } from './mysql-binary-client.js';
import {
  mariadbConnection,
  psqlConnection,
  startCapture,
  startMariadb,
  startPostgres,
  type Running,
} from './servers.js';
import { replay, tcpConversations } from './tshark-tcp.js';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw result.error; // a missing client is a failure
}

/** Every row of every connection, in capture order, with the parser counters summed. */
function parseCapture(
  file: string,
  port: number,
  spec: ProtocolSpec,
): { rows: ProtocolRecord[]; stats: ReturnType<typeof emptyParserStats> } {
  const stats = emptyParserStats();
  const rows: ProtocolRecord[] = [];
  for (const conv of tcpConversations(file, port)) {
    const conn = spec.createConnection(DEFAULT_PARSER_OPTIONS);
    rows.push(...replay(conn, conv));
    for (const key of Object.keys(stats) as (keyof typeof stats)[]) stats[key] += conn.stats[key];
  }
  return { rows, stats };
}

function expectSaneTimes(rows: readonly ProtocolRecord[]): void {
  for (const row of rows) {
    expect(row.timeNs).toBeGreaterThan(1_600_000_000_000_000_000n);
    expect(Number(row.values['latency'])).toBeGreaterThanOrEqual(0);
    expect(Number(row.values['latency'])).toBeLessThan(10_000_000_000);
  }
}

describe('PostgreSQL 15 with psql and pgbench', () => {
  let server: Running | undefined;

  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records every query, the error and the prepared statements as the clients sent them', async () => {
    if (!server) throw new Error('no server');
    const { port, dir } = server;
    const pcap = join(dir, 'capture.pcap');
    const capture = await startCapture(port, pcap);
    const psql = (...commands: string[]): void => {
      run('psql', ['-X', ...psqlConnection(port), ...commands.flatMap((c) => ['-c', c])]);
    };
    psql('create table t (id int primary key, name text)');
    psql("insert into t values (1, 'ann'), (2, null)");
    psql('select id, name from t order by id');
    psql('select * from nope');
    psql('prepare q(int) as select name from t where id = $1', 'execute q(1)');
    const script = join(dir, 'bench.sql');
    writeFileSync(script, '\\set id 2\nselect name from t where id = :id;\n');
    run('pgbench', [
      '-n',
      '-t',
      '1',
      '-M',
      'prepared',
      '-f',
      script,
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      'postgres',
    ]);
    await capture.stop();

    const { rows, stats } = parseCapture(pcap, port, pgsqlSpec);
    expect(rows.map((r) => [r.values['req_cmd'], r.values['req'], r.values['resp']])).toEqual([
      ['Query', 'create table t (id int primary key, name text)', 'CREATE TABLE'],
      ['Query', "insert into t values (1, 'ann'), (2, null)", 'INSERT 0 2'],
      ['Query', 'select id, name from t order by id', 'id,name\n1,ann\n2,[NULL]\nSELECT 2'],
      [
        'Query',
        'select * from nope',
        expect.stringMatching(
          /^ERROR RESPONSE \[Severity=ERROR InternalSeverity=ERROR Code=42P01 Message=relation "nope" does not exist Position=15 File=\S+ Line=\d+ Routine=\S+\]$/,
        ),
      ],
      ['Query', 'prepare q(int) as select name from t where id = $1', 'PREPARE'],
      ['Query', 'execute q(1)', 'name\nann\nSELECT 1'],
      ['Parse', 'select name from t where id = $1;', 'PARSE COMPLETE'],
      [
        'Bind',
        'portal= statement=P_0 parameters=[[format=kText value=2]] result_format_codes=[kText]',
        'BIND COMPLETE',
      ],
      [
        'Describe',
        'type=kPortal name=',
        expect.stringMatching(
          /^ROW DESCRIPTION \[name=name table_oid=\d+ attr_num=2 type_oid=25 type_size=-1 type_modifier=-1 fmt_code=kText\]$/,
        ),
      ],
      ['Execute', 'query=[select name from t where id = $1;] params=[2]', '[NULL]\nSELECT 1'],
    ]);
    expectSaneTimes(rows);
    expect(stats).toEqual({ invalidBytes: 0, invalidFrames: 0, unmatched: 0, overflowBytes: 0 });
  });
});

describe('MariaDB with the mariadb client and a binary-protocol client', () => {
  let server: Running | undefined;

  beforeAll(async () => {
    server = await startMariadb();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records commands, the error and both kinds of prepared statement as sent', async () => {
    if (!server) throw new Error('no server');
    const { port, dir } = server;
    const pcap = join(dir, 'capture.pcap');
    const capture = await startCapture(port, pcap);
    const mariadb = (...args: string[]): void => {
      run('mariadb', [...mariadbConnection(port), ...args]);
    };
    mariadb(
      '-e',
      "create database shop; use shop; create table t (id int primary key, name text); insert into t values (1, 'ann'), (2, null); select id, name from t order by id; select * from nope",
    );
    mariadb(
      '-D',
      'shop',
      '-e',
      "prepare s from 'select name from t where id = ?'; set @id = 1; execute s using @id",
    );
    const client = await BinaryClient.connect(port);
    const prepared = await client.prepare('select name, id + ? from shop.t where id = ?');
    if (!('id' in prepared)) throw new Error('prepare failed');
    expect(await client.execute(prepared.id, [10, 'x'])).toBe(0);
    expect(await client.execute(prepared.id, [10, '1'])).toBe(1);
    client.close(prepared.id);
    expect('error' in (await client.prepare('select * from shop.nope where id = ?'))).toBe(true);
    await client.quit();
    await capture.stop();

    const { rows, stats } = parseCapture(pcap, port, mysqlSpec);
    const select = 'select name, id + ? from shop.t where id = ?';
    expect(
      rows.map((r) => [
        r.values['req_cmd'],
        r.values['req_body'],
        r.values['resp_status'],
        r.values['resp_body'],
      ]),
    ).toEqual([
      [3, 'create database shop', 2, ''],
      [3, 'SELECT DATABASE()', 2, 'Resultset rows = 1'],
      [2, 'shop', 2, ''],
      [3, 'create table t (id int primary key, name text)', 2, ''],
      [3, "insert into t values (1, 'ann'), (2, null)", 2, ''],
      [3, 'select id, name from t order by id', 2, 'Resultset rows = 2'],
      [3, 'select * from nope', 3, "ERROR 1146 (42S02): Table 'shop.nope' doesn't exist"],
      [1, '', 1, ''],
      [3, "prepare s from 'select name from t where id = ?'", 2, ''],
      [3, 'set @id = 1', 2, ''],
      [3, 'execute s using @id', 2, 'Resultset rows = 1'],
      [1, '', 1, ''],
      [22, select, 2, ''],
      [23, `query=[${select}] params=[10, x]`, 2, 'Resultset rows = 0'],
      [23, `query=[${select}] params=[10, 1]`, 2, 'Resultset rows = 1'],
      [25, '', 1, ''],
      [
        22,
        'select * from shop.nope where id = ?',
        3,
        "ERROR 1146 (42S02): Table 'shop.nope' doesn't exist",
      ],
      [1, '', 1, ''],
    ]);
    expectSaneTimes(rows);
    expect(stats).toEqual({ invalidBytes: 0, invalidFrames: 0, unmatched: 0, overflowBytes: 0 });
  });
});
