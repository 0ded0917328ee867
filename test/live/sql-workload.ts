/**
 * What the live SQL tests do to real PostgreSQL 15 and MariaDB servers, and the rows px must
 * record for it, connection by connection. One client of each server connects before capture
 * starts and queries after; the rest connect during capture. Expected values come from the
 * clients and servers themselves (backend pids and client ports are asked of the server).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { run } from '../ebpf/servers.js';
import { BinaryClient } from '../sql/mysql-binary-client.js';
import { startMariadb, startPostgres, type Running } from '../sql/servers.js';
import { LineClient, mariadbArgs, psqlArgs, runClient } from './sql-clients.js';

/** One connection and the rows it must produce, in order. */
export interface ExpectedConnection {
  readonly name: string;
  /** The client's port as the server saw it; undefined when only the server could say. */
  readonly clientPort: number | undefined;
  /** The client process; undefined when the client is this test's own process (never traced). */
  readonly client: { readonly pid: number; readonly comm: string } | undefined;
  readonly serverPid: number;
  /** pgsql: [req_cmd, req, resp]; mysql: [req_cmd, req_body, resp_status, resp_body]. */
  readonly rows: readonly (readonly unknown[])[];
}

export interface ExpectedTraffic {
  readonly port: number;
  readonly serverComm: string;
  readonly connections: readonly ExpectedConnection[];
}

interface EarlyClient {
  readonly client: LineClient;
  readonly serverPid: number;
  readonly clientPort: number;
}

/** Asked of the server: the process serving the connection and the client's port. */
const PG_WHO = 'select pg_backend_pid(), inet_client_port()';
const MY_PORT =
  "select substring_index(host, ':', -1) from information_schema.processlist where id = connection_id()";
const BENCH_WHO = 'select pg_backend_pid() as pid, inet_client_port() as port';
/** How px renders a RowDescription field: a computed int4, and column t.name. */
const INT4_FIELD = (name: string): string =>
  `name=${name} table_oid=0 attr_num=0 type_oid=23 type_size=4 type_modifier=-1 fmt_code=kText`;
const T_NAME_FIELD =
  'name=name table_oid=\\d+ attr_num=2 type_oid=25 type_size=-1 type_modifier=-1 fmt_code=kText';
/**
 * psql and pgbench wait a second before they disconnect. Without eBPF, px learns which process
 * serves a connection from /proc, when the server first answers; PostgreSQL serves each
 * connection from a new backend that exits with it, and a client done before px looks leaves
 * only the postmaster to name. Waiting sends nothing, so it makes no row.
 */
const LINGER = '\\! sleep 1';
const LATE_QUERY = 'select 6 * 7 as answer';
const PG_MISSING = new RegExp(
  '^ERROR RESPONSE \\[Severity=ERROR InternalSeverity=ERROR Code=42P01 ' +
    'Message=relation "nope" does not exist Position=15 File=\\S+ Line=\\d+ Routine=\\S+\\]$',
);
const MY_MISSING = "ERROR 1146 (42S02): Table 'shop.nope' doesn't exist";

/** Both servers, with a client of each connected (and having queried) before capture. */
export class SqlServers {
  private constructor(
    readonly pg: Running,
    readonly mysql: Running,
    private readonly early: { readonly pg: EarlyClient; readonly mysql: EarlyClient },
  ) {}

  static async start(): Promise<SqlServers> {
    const [pg, mysql] = await Promise.all([startPostgres(), startMariadb()]);
    const pgClient = LineClient.start('psql', psqlArgs(pg.port));
    const [backend, pgPort] = (await pgClient.ask(`${PG_WHO};`)).split('|').map(Number);
    const myClient = LineClient.start('mariadb', mariadbArgs(mysql.port));
    const myPort = Number(await myClient.ask(`${MY_PORT};`));
    return new SqlServers(pg, mysql, {
      pg: { client: pgClient, serverPid: backend ?? -1, clientPort: pgPort ?? -1 },
      mysql: { client: myClient, serverPid: mariadbdPid(mysql), clientPort: myPort },
    });
  }

  /** Runs every client against PostgreSQL; returns what px must have recorded. */
  async drivePostgres(): Promise<ExpectedTraffic> {
    const { port } = this.pg;
    const early = this.early.pg;
    expect(await early.client.ask(`${LATE_QUERY};`)).toBe('42');

    const ddl = [
      'create table t (id int primary key, name text)',
      "insert into t values (1, 'ann'), (2, null)",
      'select id, name from t order by id',
      'select * from nope',
    ];
    const psql = await run('psql', [
      ...psqlArgs(port),
      ...[PG_WHO, ...ddl, LINGER].flatMap((c) => ['-c', c]),
    ]);
    const [backend, clientPort] = (psql.stdout.split('\n')[0] ?? '').split('|').map(Number);
    expect(psql.stdout).toBe(`${backend}|${clientPort}\n1|ann\n2|\n`);

    const bench = await this.pgbench();
    // Closed last, so its backend outlives its query by a while (see LINGER). Terminate has no
    // answer, so no row.
    await early.client.close();
    const benchWho = /^(\d+) (\d+)$/m.exec(bench.stdout);
    const benchAnswer = `${benchWho?.[1]},${benchWho?.[2]}`;
    const benchSql = 'select name from t where id = $1;';
    return {
      port,
      serverComm: 'postgres',
      connections: [
        {
          name: 'psql connected before capture',
          clientPort: early.clientPort,
          client: { pid: early.client.pid, comm: 'psql' },
          serverPid: early.serverPid,
          rows: [['Query', `${LATE_QUERY};`, 'answer\n42\nSELECT 1']],
        },
        {
          name: 'psql -c',
          clientPort,
          client: { pid: psql.pid, comm: 'psql' },
          serverPid: backend ?? -1,
          rows: [
            [
              'Query',
              PG_WHO,
              `pg_backend_pid,inet_client_port\n${backend},${clientPort}\nSELECT 1`,
            ],
            ['Query', ddl[0], 'CREATE TABLE'],
            ['Query', ddl[1], 'INSERT 0 2'],
            ['Query', ddl[2], 'id,name\n1,ann\n2,[NULL]\nSELECT 2'],
            ['Query', ddl[3], expect.stringMatching(PG_MISSING)],
          ],
        },
        {
          name: 'pgbench -M prepared',
          clientPort: Number(benchWho?.[2]),
          client: { pid: bench.pid, comm: 'pgbench' },
          serverPid: Number(benchWho?.[1]),
          rows: [
            ...extendedQuery(
              'P_0',
              BENCH_WHO,
              [],
              [INT4_FIELD('pid'), INT4_FIELD('port')],
              benchAnswer,
            ),
            ...extendedQuery('P_1', benchSql, ['1'], [T_NAME_FIELD], 'ann'),
          ],
        },
      ],
    };
  }

  /** Runs every client against MariaDB; returns what px must have recorded. */
  async driveMariadb(): Promise<ExpectedTraffic> {
    const { port } = this.mysql;
    const early = this.early.mysql;
    expect(await early.client.ask(`${LATE_QUERY};`)).toBe('42');

    const statements = [
      MY_PORT,
      'create database shop',
      'use shop',
      'create table t (id int primary key, name text)',
      "insert into t values (1, 'ann'), (2, null)",
      'select id, name from t order by id',
      'select * from nope',
    ];
    const mariadb = await run('mariadb', [...mariadbArgs(port), '-e', statements.join('; ')]);
    expect(mariadb.stderr).toContain(
      "ERROR 1146 (42S02) at line 1: Table 'shop.nope' doesn't exist",
    );
    const clientPort = Number(mariadb.stdout.split('\n')[0]);
    expect(mariadb.stdout).toBe(`${clientPort}\n1\tann\n2\tNULL\n`);

    const select = 'select name, id + ? from shop.t where id = ?';
    const binary = await BinaryClient.connect(port);
    const prepared = await binary.prepare(select);
    if (!('id' in prepared)) throw new Error('prepare failed');
    expect(await binary.execute(prepared.id, [10, 'x'])).toBe(0);
    expect(await binary.execute(prepared.id, [10, '1'])).toBe(1);
    binary.close(prepared.id);
    expect('error' in (await binary.prepare('select * from shop.nope where id = ?'))).toBe(true);
    await binary.quit();
    await early.client.close(); // last, as for PostgreSQL

    const serverPid = mariadbdPid(this.mysql);
    const quit = [1, '', 1, ''];
    return {
      port,
      serverComm: 'mariadbd',
      connections: [
        {
          name: 'mariadb connected before capture',
          clientPort: early.clientPort,
          client: { pid: early.client.pid, comm: 'mariadb' },
          serverPid,
          rows: [[3, LATE_QUERY, 2, 'Resultset rows = 1'], quit],
        },
        {
          name: 'mariadb -e',
          clientPort,
          client: { pid: mariadb.pid, comm: 'mariadb' },
          serverPid,
          rows: [
            [3, MY_PORT, 2, 'Resultset rows = 1'],
            [3, 'create database shop', 2, ''],
            [3, 'SELECT DATABASE()', 2, 'Resultset rows = 1'],
            [2, 'shop', 2, ''],
            [3, statements[3], 2, ''],
            [3, statements[4], 2, ''],
            [3, statements[5], 2, 'Resultset rows = 2'],
            [3, statements[6], 3, MY_MISSING],
            quit,
          ],
        },
        {
          name: 'binary-protocol client (this test process)',
          clientPort: undefined,
          client: undefined,
          serverPid,
          rows: [
            [22, select, 2, ''],
            [23, `query=[${select}] params=[10, x]`, 2, 'Resultset rows = 0'],
            [23, `query=[${select}] params=[10, 1]`, 2, 'Resultset rows = 1'],
            [25, '', 1, ''],
            [22, 'select * from shop.nope where id = ?', 3, MY_MISSING],
            quit,
          ],
        },
      ],
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.early.pg.client.close(), this.early.mysql.client.close()]);
    await Promise.all([this.pg.stop(), this.mysql.stop()]);
  }

  /** pgbench, prepared mode, one transaction: reports its backend and port, then one select. */
  private async pgbench(): Promise<Awaited<ReturnType<typeof run>>> {
    const script = join(this.pg.dir, 'bench.sql');
    writeFileSync(
      script,
      [
        `${BENCH_WHO}\\gset`,
        '\\shell echo :pid :port',
        '\\set id 1',
        'select name from t where id = :id;',
        '\\sleep 1 s', // linger, see LINGER
        '',
      ].join('\n'),
    );
    const target = ['-h', '127.0.0.1', '-p', String(this.pg.port), '-U', 'postgres', 'postgres'];
    return runClient('pgbench', ['-n', '-t', '1', '-M', 'prepared', '-f', script, ...target]);
  }
}

/** The four rows of one prepared statement run by pgbench: Parse, Bind, Describe, Execute. */
function extendedQuery(
  statement: string,
  sql: string,
  params: readonly string[],
  fields: readonly string[],
  values: string,
): unknown[][] {
  const bound = params.map((p) => `[format=kText value=${p}]`).join(' ');
  return [
    ['Parse', sql, 'PARSE COMPLETE'],
    [
      'Bind',
      `portal= statement=${statement} parameters=[${bound}] result_format_codes=[kText]`,
      'BIND COMPLETE',
    ],
    [
      'Describe',
      'type=kPortal name=',
      expect.stringMatching(`^ROW DESCRIPTION ${fields.map((f) => `\\[${f}\\]`).join(' ')}$`),
    ],
    ['Execute', `query=[${sql}] params=[${params.join(', ')}]`, `${values}\nSELECT 1`],
  ];
}

function mariadbdPid(server: Running): number {
  return Number(readFileSync(join(server.dir, 'mysqld.pid'), 'utf8').trim());
}
