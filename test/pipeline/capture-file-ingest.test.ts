import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCaptureFile } from '../../src/collector/ingest-capture-file.js';
import { mysqlSpec } from '../../src/collector/protocols/mysql/index.js';
import { pgsqlSpec } from '../../src/collector/protocols/pgsql/index.js';
import type { ProtocolSpec } from '../../src/collector/protocols/common/types.js';
import { Store } from '../../src/store/index.js';
import { loadExpectation, recordsByStream } from '../sql/fixtures.js';
import { snapshotRows } from '../support/snapshot-rows.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pcaps');

interface HttpExpectation {
  records: { method: string; uri: string; response: { status: number } | null }[];
}

interface DnsExpectation {
  summary: { queries: number; responses: number; responses_without_query_frames: number[] };
}

function fixtures(prefix: string): string[] {
  const dirs = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory());
  return dirs
    .map((d) => d.name)
    .flatMap((dir) =>
      readdirSync(join(FIXTURES, dir))
        .filter((f) => f.startsWith(prefix) && f.endsWith('.pcap'))
        .map((f) => join(dir, f)),
    );
}

async function ingest(file: string): Promise<Store> {
  const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
  const stats = await ingestCaptureFile(join(FIXTURES, file), store);
  expect(stats.capture.formatError).toBeUndefined();
  return store;
}

describe('capture file → parsers → store', () => {
  it.each(fixtures('http-'))(
    '%s: one http_events row per request/response tshark pairs',
    async (file) => {
      const expected = JSON.parse(
        readFileSync(join(FIXTURES, file.replace(/\.pcap$/, '.expected.json')), 'utf8'),
      ) as HttpExpectation;
      const store = await ingest(file);
      const got = snapshotRows(store.snapshot('http_events'), [
        'req_method',
        'req_path',
        'resp_status',
        'trace_role',
      ]);
      const paired = expected.records.filter((r) => r.response !== null);
      const want = paired.map((r) => [r.method, r.uri, r.response?.status, 2]);
      // Every exchange tshark pairs is a row, from the server's side.
      for (const w of want) expect(got).toContainEqual(w);
      expect(got.filter((g) => (g[2] as number) > 0).length).toBeGreaterThanOrEqual(want.length);
    },
  );

  it('keeps the 200 of http-entity-gap that tshark loses to the gap in its body', async () => {
    // tshark gives up on the response when 1448 bytes of its body are missing; the head is
    // whole, so px reports the exchange with the body cut at the gap.
    const store = await ingest('zeek/http-entity-gap.pcap');
    const got = snapshotRows(store.snapshot('http_events'), [
      'req_method',
      'req_path',
      'resp_status',
    ]);
    expect(got).toEqual([['GET', '/download/CHANGES.bro-aux.txt', 200]]);
  });

  it.each(fixtures('dns-'))('%s: one dns_events row per query', async (file) => {
    const expected = JSON.parse(
      readFileSync(join(FIXTURES, file.replace(/\.pcap$/, '.expected.json')), 'utf8'),
    ) as DnsExpectation;
    const store = await ingest(file);
    const got = snapshotRows(store.snapshot('dns_events'), [
      'req_header',
      'resp_header',
      'trace_role',
    ]);
    // A reply without its query in the capture makes no row; each query makes one.
    expect(got.length).toBe(expected.summary.queries);
    for (const row of got) expect(row[2]).toBe(2);
  });

  it('gives the same rows when worker threads share the flows as on one thread', async () => {
    const files = ['http-', 'dns-', 'mysql-', 'pgsql-'].flatMap(fixtures);
    const tables = ['http_events', 'dns_events', 'mysql_events', 'pgsql_events'];
    const collect = async (workers: number): Promise<string[]> => {
      const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
      for (const file of files) await ingestCaptureFile(join(FIXTURES, file), store, { workers });
      return tables.flatMap((table) => {
        const snapshot = store.snapshot(table);
        const names = snapshot.schema.columns.map((c) => c.name);
        return snapshotRows(snapshot, names).map((r) =>
          JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
        );
      });
    };
    const inline = await collect(0);
    expect(inline.length).toBeGreaterThan(100);
    for (const workers of [1, 2]) expect((await collect(workers)).sort()).toEqual(inline.sort());
  });

  const sqlCases: [string, ProtocolSpec, string[]][] = [
    ...fixtures('mysql-').map((f): [string, ProtocolSpec, string[]] => [
      f,
      mysqlSpec,
      ['req_cmd', 'req_body', 'resp_status', 'resp_body'],
    ]),
    ...fixtures('pgsql-').map((f): [string, ProtocolSpec, string[]] => [
      f,
      pgsqlSpec,
      ['req_cmd', 'req', 'resp'],
    ]),
  ];

  it.each(sqlCases)(
    '%s: px reads the same rows from the file as the parser fed by tshark',
    async (file, spec, columns) => {
      // px finds the protocol from the bytes (no port hints) and reassembles TCP itself; the
      // reference run gets tshark's reassembled streams for the server port.
      const port = loadExpectation(file).ports.server[0] ?? 0;
      const reference = [...recordsByStream(file, spec, port).values()]
        .flat()
        .map((r) => columns.map((c) => r.values[c]));
      const store = await ingest(file);
      const got = snapshotRows(store.snapshot(spec.table), columns);
      expect(got.sort()).toEqual(reference.sort());
    },
  );
});
