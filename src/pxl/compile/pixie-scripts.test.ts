import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TABLES, type Store } from '../../store/index.js';
import type { ResultTable } from '../exec/index.js';
import { PxlCheckError } from '../errors.js';
import { compileScript, runScript } from '../run.js';
import { parseVisSpec } from '../vis.js';
import { expectRows, output, type Obj } from './testing/compare.js';
import { courseData, NOW } from './testing/course-data.js';
import { ctxPod, ctxService, groupBy, mean, quantile } from './testing/oracle.js';
import { appendRows, smallStore, type Row } from './testing/rows.js';

/**
 * Scripts written for these tests in the style of Pixie's bundled ones (links to other
 * scripts from a service table, DNS response code names, statements grouped by their
 * normalized text, the schema tables), each output value checked against plain loops.
 */
const DIR = fileURLToPath(new URL('fixtures/pixie/', import.meta.url));
const data = courseData();
const since = (minutes: number) => NOW - BigInt(minutes) * 60_000_000_000n;

function run(name: string, store: Store = data.store, args: string[] = []): ResultTable[] {
  const visPath = `${DIR}${name}.vis.json`;
  const vis = existsSync(visPath)
    ? parseVisSpec(JSON.parse(readFileSync(visPath, 'utf8')))
    : undefined;
  return runScript(readFileSync(`${DIR}${name}.pxl`, 'utf8'), {
    store,
    metadata: data.metadata,
    now: NOW,
    fileName: `${name}.pxl`,
    ...(vis === undefined ? {} : { vis, args }),
  });
}

const link = (label: string, script: string, args: Record<string, string>) =>
  JSON.stringify({ label, script, args });

const semantics = (tables: readonly ResultTable[], name: string) =>
  tables.find((t) => t.name === name)?.relation.map((f) => f.semantic);

describe('Pixie-style scripts using script_reference, protocol names and UDTFs', () => {
  const inbound = (minutes: number) =>
    data.http.filter(
      (r) => r.time_ >= since(minutes) && r.trace_role === 2 && ctxService(r) !== '',
    );

  it('service-links: a service table with links, status codes by name, pod links via ctx', () => {
    const tables = run('service-links');
    expect(tables.map((t) => t.name)).toEqual(['Services', 'Status codes', 'Slowest']);

    const services = groupBy(inbound(5), (r) => [ctxService(r)]).map(({ key, rows }) => ({
      service_link: link(key[0] as string, 'px/service', {
        start_time: '-5m',
        service: key[0] as string,
      }),
      requests: rows.length,
      error_rate: mean(rows.map((r) => (r.resp_status >= 400 ? 1 : 0))),
      p99: Math.floor(
        quantile(
          rows.map((r) => r.latency),
          0.99,
        ),
      ),
    }));
    expect(services.length).toBeGreaterThan(3);
    expectRows(output(tables, 'Services', Object.keys(services[0] ?? {})), services, [
      'service_link',
    ]);
    expect(semantics(tables, 'Services')).toEqual([
      'ST_SCRIPT_REFERENCE',
      'ST_NONE',
      'ST_PERCENT',
      'ST_DURATION_NS',
    ]);

    const reasons: Record<number, string> = {
      200: 'OK',
      201: 'Created',
      404: 'Not Found',
      500: 'Internal Server Error',
      503: 'Service Unavailable',
    };
    const api = inbound(5).filter((r) => ctxService(r) === 'host/api');
    const statuses = groupBy(api, (r) => [r.resp_status]).map(({ key, rows }) => {
      const status = key[0] as number;
      return {
        resp_status: status,
        requests: rows.length,
        message: reasons[status] as string,
        requests_link: link(`${status} ${reasons[status] ?? ''}`, 'px/http_data_filtered', {
          start_time: '-5m',
          svc: 'host/api',
          status_code: String(status),
        }),
      };
    });
    expect(statuses.length).toBe(5);
    expectRows(output(tables, 'Status codes', Object.keys(statuses[0] ?? {})), statuses, [
      'resp_status',
    ]);

    const slowest = inbound(10)
      .filter((r) => r.latency > 800_000_000)
      .map((r) => ({
        time_: r.time_,
        pod_link: link(ctxPod(r), 'px/pod', { pod: ctxPod(r) }),
        req_path: r.req_path,
        latency: r.latency,
      }));
    expect(slowest.length).toBeGreaterThan(2);
    expectRows(output(tables, 'Slowest', Object.keys(slowest[0] ?? {})), slowest, ['time_']);
  });

  it('service-links: the link follows the script arguments', () => {
    const tables = run('service-links', data.store, ['--svc=host/payments', '--start_time=-2m']);
    const rows = output(tables, 'Status codes', [
      'resp_status',
      'requests',
      'message',
      'requests_link',
    ]);
    const payments = inbound(2).filter((r) => ctxService(r) === 'host/payments');
    expect(rows.reduce((n, r) => n + (r['requests'] as number), 0)).toBe(payments.length);
    for (const row of rows) {
      const parsed = JSON.parse(row['requests_link'] as string) as { args: Obj };
      expect(parsed.args).toEqual({
        start_time: '-2m',
        svc: 'host/payments',
        status_code: String(row['resp_status']),
      });
    }
  });

  it('dns-rcodes: response code names per query name, clients with links', () => {
    const tables = run('dns-rcodes');
    const recent = data.dns.filter((r) => r.time_ >= since(30));
    const rcode = (r: { resp_header: string }) =>
      (JSON.parse(r.resp_header) as { rcode: number }).rcode;
    const rcodeName = (code: number) => ({ 0: 'NOERROR', 2: 'SERVFAIL', 3: 'NXDOMAIN' })[code];
    const queryName = (r: { req_body: string }) =>
      (JSON.parse(r.req_body) as { queries: { name: string }[] }).queries[0]?.name ?? '';

    const answers = groupBy(recent, (r) => [queryName(r), rcodeName(rcode(r)) ?? '']).map(
      ({ key, rows }) => ({
        query_name: key[0] as string,
        rcode_name: key[1] as string,
        lookups: rows.length,
        mean_latency: mean(rows.map((r) => r.latency)),
      }),
    );
    expect(new Set(answers.map((a) => a.rcode_name))).toEqual(
      new Set(['NOERROR', 'SERVFAIL', 'NXDOMAIN']),
    );
    expectRows(output(tables, 'answers', Object.keys(answers[0] ?? {})), answers, [
      'query_name',
      'rcode_name',
    ]);

    const clients = groupBy(recent, (r) => [ctxService(r)]).map(({ key, rows }) => ({
      client: key[0] as string,
      lookups: rows.length,
      failure_rate: mean(rows.map((r) => (rcode(r) !== 0 ? 1 : 0))),
      client_link: link(key[0] as string, 'px/service', {
        start_time: '-30m',
        service: key[0] as string,
      }),
      is_dns_server: key[0] === 'host/dnsmasq',
    }));
    expect(clients.some((c) => c.is_dns_server)).toBe(true);
    expectRows(output(tables, 'clients', Object.keys(clients[0] ?? {})), clients, ['client']);
  });

  it('schemas: GetSchemas and GetTables filtered, grouped and merged like any DataFrame', () => {
    const tables = run('schemas');
    const declared = [...TABLES.values()];
    const dns = declared
      .filter((t) => t.name === 'dns_events')
      .flatMap((t) => t.columns)
      .map((c) => ({
        table_name: 'dns_events',
        column_name: c.name,
        column_type: c.type,
        pattern_type: c.pattern,
        column_desc: c.description,
      }));
    expect(dns.map((c) => c.column_name)).toContain('resp_header');
    expectRows(output(tables, 'dns columns', Object.keys(dns[0] ?? {})), dns);

    const perTable = declared.map((t) => ({
      table_name: t.name,
      columns: t.columns.length,
      table_desc: t.description,
    }));
    expectRows(output(tables, 'tables', ['table_name', 'columns', 'table_desc']), perTable, [
      'table_name',
    ]);

    const counters = declared.flatMap((t) =>
      t.columns
        .filter((c) => c.pattern === 'METRIC_COUNTER')
        .map((c) => ({ table_name: t.name, column_name: c.name, column_type: c.type })),
    );
    expect(counters.map((c) => c.column_name)).toContain('bytes_sent');
    expectRows(output(tables, 'counters', Object.keys(counters[0] ?? {})), counters);
  });
});

describe('sql-queries: statements grouped by normalized text', () => {
  type Kind = 'lookup' | 'execute' | 'insert' | 'parse' | 'broken';
  const KINDS: Kind[] = ['lookup', 'lookup', 'execute', 'insert', 'parse', 'broken'];
  const LOOKUP = 'SELECT * FROM users WHERE id = $1';
  const INSERT = 'INSERT INTO orders (id, note) VALUES ($1, $2)';

  interface PgCase {
    readonly row: Row;
    readonly latency: number;
    readonly recent: boolean;
    /** What normalize_pgsql must make of it, written from the statement's template. */
    readonly expected?: { query: string; params: string[] };
  }

  const pgCases: PgCase[] = Array.from({ length: 66 }, (_, i) => {
    const kind = KINDS[i % KINDS.length] as Kind;
    const id = ((i * 7) % 5) + 1;
    const latency = 1_000_000 * (((i * 37) % 50) + 1);
    const recent = i < 60;
    const time_ = recent ? NOW - BigInt(i % 9) * 60_000_000_000n - 1n : since(20);
    const base = { time_, latency, trace_role: 2 };
    const statement = {
      lookup: { req_cmd: 'Query', req: `SELECT * FROM users WHERE id = ${id}` },
      execute: { req_cmd: 'Execute', req: `query=[${LOOKUP}] params=[${id}]` },
      insert: {
        req_cmd: 'Query',
        req: `INSERT INTO orders (id, note) VALUES (${i}, 'note ${i % 3}')`,
      },
      parse: { req_cmd: 'Parse', req: LOOKUP },
      broken: { req_cmd: 'Query', req: "SELECT count(*) FROM orders WHERE note = 'cut sho" },
    }[kind];
    const expected =
      kind === 'lookup' || kind === 'execute'
        ? { query: LOOKUP, params: [String(id)] }
        : kind === 'insert'
          ? { query: INSERT, params: [String(i), `note ${i % 3}`] }
          : undefined;
    return { row: { ...base, ...statement }, latency, recent, ...(expected ? { expected } : {}) };
  });

  const MY_QUERY = 'SELECT name FROM items WHERE price > ? LIMIT ?';
  const myRows: Row[] = Array.from({ length: 30 }, (_, i) => {
    const price = (i * 13) % 40;
    const time_ = NOW - BigInt(i) * 10_000_000_000n - 1n;
    const kind = i % 5;
    const [req_cmd, req_body] = [
      [3, `SELECT name FROM items WHERE price > ${price} LIMIT 10`],
      [23, `query=[SELECT name FROM items WHERE price > ? LIMIT 10] params=[${price}]`],
      [22, 'SELECT name FROM items WHERE price > ? LIMIT 10'],
      [2, 'shop'],
      [23, `Execute stmt_id=${i}.`],
    ][kind] as [number, string];
    return { time_, latency: 1000 + i, req_cmd, req_body };
  });

  const store = smallStore(NOW);
  appendRows(
    store,
    'pgsql_events',
    pgCases.map((c) => c.row),
  );
  appendRows(store, 'mysql_events', myRows);
  const tables = run('sql-queries', store);
  const normalized = pgCases.filter((c) => c.recent && c.expected !== undefined);

  it('groups Query rows with literals and Execute rows of the same statement together', () => {
    const stats = groupBy(normalized, (c) => [c.expected?.query ?? '']).map(({ key, rows }) => ({
      query: key[0] as string,
      calls: rows.length,
      total_latency: rows.reduce((n, c) => n + c.latency, 0),
      p50: Math.floor(
        quantile(
          rows.map((c) => c.latency),
          0.5,
        ),
      ),
      query_link: link(key[0] as string, 'px/sql_query', {
        start_time: '-10m',
        query: key[0] as string,
      }),
    }));
    expect(stats.map((s) => s.query).sort()).toEqual([INSERT, LOOKUP]);
    expectRows(output(tables, 'pgsql queries', Object.keys(stats[0] ?? {})), stats, ['query']);
    expect(semantics(tables, 'pgsql queries')?.slice(-2)).toEqual([
      'ST_DURATION_NS',
      'ST_SCRIPT_REFERENCE',
    ]);
  });

  it('groups one statement by its parameter values', () => {
    const lookups = normalized.filter((c) => c.expected?.query === LOOKUP);
    const byParams = groupBy(lookups, (c) => [c.expected?.params[0] ?? '']).map(
      ({ key, rows }) => ({
        params: `["${key[0] as string}"]`,
        calls: rows.length,
        slowest: Math.max(...rows.map((c) => c.latency)),
        first_param: key[0] as string,
      }),
    );
    expect(byParams.length).toBe(5);
    expectRows(output(tables, 'user lookups', Object.keys(byParams[0] ?? {})), byParams, [
      'params',
    ]);
  });

  it('names MySQL commands and keeps what it could not normalize apart', () => {
    const count = (kind: number) => myRows.filter((_, i) => i % 5 === kind).length;
    expectRows(
      output(tables, 'mysql queries', ['query', 'cmd', 'calls']),
      [
        { query: MY_QUERY, cmd: 'Query', calls: count(0) },
        { query: MY_QUERY, cmd: 'StmtExecute', calls: count(1) },
      ],
      ['cmd'],
    );
    const wrongCmd = 'cmd must be 3 (Query) or 23 (StmtExecute)';
    expectRows(
      output(tables, 'mysql skipped', ['cmd', 'error', 'rows']),
      [
        { cmd: 'StmtPrepare', error: wrongCmd, rows: count(2) },
        { cmd: 'InitDB', error: wrongCmd, rows: count(3) },
        {
          cmd: 'StmtExecute',
          error: 'not an executed statement of the form query=[...] params=[...]',
          rows: count(4),
        },
      ],
      ['cmd'],
    );
  });
});

describe('compile checks of the new px functions', () => {
  function messages(body: string): string[] {
    try {
      compileScript(`import px\n${body}`, { now: NOW, tables: data.store });
    } catch (error) {
      if (error instanceof PxlCheckError) return error.diagnostics.map((d) => d.message);
      throw error;
    }
    return [];
  }
  const http = "df = px.DataFrame('http_events')\n";

  it('script_reference takes its args as a dict, positional or by keyword', () => {
    expect(
      messages(`${http}df.l = px.script_reference(df.req_path, 'px/x', args={'p': df.req_path})
px.display(df)`),
    ).toEqual([]);
    expect(messages(`${http}df.l = px.script_reference(df.req_path, 'px/x', ['p'])`)).toEqual([
      'px.script_reference() args must be a dict of argument names to values, got a list',
    ]);
    expect(messages(`${http}df.l = px.script_reference(df.req_path)`)).toEqual([
      "px.script_reference() is missing 'script'",
    ]);
    expect(
      messages(`${http}df.l = px.script_reference(df.latency, 'px/x', {})\npx.display(df)`),
    ).toEqual([
      'px.script_reference takes (STRING, STRING, dict of names to values), got (INT64, STRING)',
    ]);
  });

  it('UDTFs take no arguments and check column names like tables do', () => {
    expect(messages('px.display(px.GetSchemas(1))')).toEqual([
      'px.GetSchemas() takes no arguments',
    ]);
    expect(messages("s = px.GetTables()\npx.display(s[s.table_nme == 'x'])")).toEqual([
      "the DataFrame has no column 'table_nme'; did you mean 'table_name'?",
    ]);
  });

  it('uint128 checks a constant UUID when the script is compiled', () => {
    expect(messages(`${http}df = df[df.upid == px.uint128('nope')]\npx.display(df)`)).toEqual([
      "px.uint128: 'nope' is not a UUID (32 hex digits, dashes optional)",
    ]);
  });
});
