import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ResultTable } from '../exec/index.js';
import { runScript } from '../run.js';
import { parseVisSpec } from '../vis.js';
import { expectRows, output } from './testing/compare.js';
import { courseData, NOW, type DnsRow, type PgRow } from './testing/course-data.js';
import { ctxPod, ctxService, groupBy, mean, quantile, requestorOf } from './testing/oracle.js';

/**
 * Scripts in Pixie's own dialect (typed functions and vis specs, px.select, pluck, bin,
 * quantiles JSON, merge with a join key, append), written for these tests, run on the course
 * data set and checked value by value against plain loops.
 */
const DIR = fileURLToPath(new URL('fixtures/dialect/', import.meta.url));
const data = courseData();
const since = (minutes: number) => NOW - BigInt(minutes) * 60_000_000_000n;

function run(name: string, args: string[] = []): ResultTable[] {
  const visPath = `${DIR}${name}.vis.json`;
  const vis = existsSync(visPath)
    ? parseVisSpec(JSON.parse(readFileSync(visPath, 'utf8')))
    : undefined;
  return runScript(readFileSync(`${DIR}${name}.pxl`, 'utf8'), {
    store: data.store,
    metadata: data.metadata,
    now: NOW,
    fileName: `${name}.pxl`,
    ...(vis === undefined ? {} : { vis, args }),
  });
}

describe('Pixie-dialect scripts', () => {
  const served = data.http.filter(
    (r) => r.time_ >= since(5) && r.trace_role === 2 && ctxService(r).includes('host/api'),
  );

  it('service-let: exec-func outputs named after the globalFunc and the widget', () => {
    const tables = run('service-let', ['--service=host/api', '--max_num_records', '3']);
    expect(tables.map((t) => t.name)).toEqual(['let', 'Slowest requests']);

    const windowNs = 10_000_000_000n;
    const windows = groupBy(served, (r) => [ctxService(r), r.time_ - (r.time_ % windowNs)]);
    const let_ = windows.map(({ key, rows }) => ({
      time_: key[1] as bigint,
      service: key[0] as string,
      p50: Math.floor(
        quantile(
          rows.map((r) => r.latency),
          0.5,
        ),
      ),
      p99: Math.floor(
        quantile(
          rows.map((r) => r.latency),
          0.99,
        ),
      ),
      rps: rows.length / 1e10,
      failure_pct: mean(rows.map((r) => (r.resp_status >= 500 ? 1 : 0))),
    }));
    expect(let_.length).toBeGreaterThan(10);
    const letTable = tables[0] as ResultTable;
    expect(letTable.relation.map((f) => f.semantic)).toEqual([
      'ST_NONE',
      'ST_SERVICE_NAME',
      'ST_DURATION_NS',
      'ST_DURATION_NS',
      'ST_THROUGHPUT_PER_NS',
      'ST_PERCENT',
    ]);
    expectRows(output(tables, 'let', Object.keys(let_[0] ?? {})), let_, ['time_']);

    const slowest = [...served]
      .sort((a, b) => b.latency - a.latency)
      .slice(0, 3)
      .map((r) => ({
        time_: r.time_,
        service: 'host/api',
        req_method: r.req_method,
        req_path: r.req_path,
        resp_status: r.resp_status,
        latency_ms: r.latency / 1e6,
      }));
    expectRows(output(tables, 'Slowest requests', Object.keys(slowest[0] ?? {})), slowest);
  });

  it('service-let: defaults apply when no flag is given', () => {
    const tables = run('service-let');
    const rows = output(tables, 'Slowest requests', [
      'time_',
      'service',
      'req_method',
      'req_path',
      'resp_status',
      'latency_ms',
    ]);
    const all = data.http.filter((r) => r.time_ >= since(5) && r.trace_role === 2);
    const expected = [...all].sort((a, b) => b.latency - a.latency).slice(0, 5);
    expect(rows.map((r) => r['time_'])).toEqual(expected.map((r) => r.time_));
    expect(rows.map((r) => r['service'])).toEqual(expected.map((r) => ctxService(r)));
  });

  it('request-edges: metadata lookups, px.select, a merge on a join key, semantic casts', () => {
    const rows = output(run('request-edges'), 'edges', [
      'requestor',
      'responder',
      'requests',
      'share',
      'bytes_per_request',
    ]);
    const inbound = data.http.filter((r) => r.time_ >= since(10) && r.trace_role === 2);
    const edges = groupBy(inbound, (r) => [requestorOf(r.remote_addr), ctxPod(r)]);
    const total = inbound.length;
    const expected = edges.map(({ key, rows: g }) => ({
      requestor: key[0] as string,
      responder: key[1] as string,
      requests: g.length,
      share: g.length / total,
      bytes_per_request: g.reduce((a, r) => a + r.resp_body_size, 0) / g.length,
    }));
    expect(expected.map((e) => e.requestor)).toEqual(
      expect.arrayContaining(['host/api-7f9c', 'partner.example.com', '172.16.0.9']),
    );
    expectRows(rows, expected, ['requestor', 'responder']);
  });

  it('dns-summary: JSON plucks, nested px.select, append ordered by time, head', () => {
    const tables = run('dns-summary');
    const query = (r: DnsRow) =>
      (JSON.parse(r.req_body) as { queries: { name: string }[] }).queries[0]?.name ?? '';
    const rcode = (r: DnsRow) => (JSON.parse(r.resp_header) as { rcode: number }).rcode;
    const outcome = (r: DnsRow) => (rcode(r) === 0 ? 'ok' : rcode(r) === 3 ? 'nxdomain' : 'error');
    const both = data.dns
      .filter((r) => r.time_ >= since(70))
      .sort((a, b) => (a.time_ < b.time_ ? -1 : 1));

    const summary = groupBy(both, (r) => [ctxService(r), outcome(r)]).map(({ key, rows }) => ({
      client: key[0] as string,
      outcome: key[1] as string,
      lookups: rows.length,
      slowest: Math.max(...rows.map((r) => r.latency)),
      mean_ms: mean(rows.map((r) => r.latency)) / 1e6,
    }));
    expectRows(output(tables, 'dns by client', Object.keys(summary[0] ?? {})), summary, [
      'client',
      'outcome',
    ]);

    const failures = both
      .filter((r) => outcome(r) !== 'ok')
      .slice(0, 5)
      .map((r) => ({
        time_: r.time_,
        upid: r.upid,
        req_body: r.req_body,
        resp_header: r.resp_header,
        latency: r.latency,
        query: query(r),
        rcode: rcode(r),
        outcome: outcome(r),
        client: ctxService(r),
      }));
    expect(failures[0]?.time_).toBeLessThan(since(30));
    expectRows(output(tables, 'oldest failures', Object.keys(failures[0] ?? {})), failures);
  });

  it('slow-queries: a list of DataFrames, typed float and bool flags, px.debug, px.display ignored', () => {
    const tables = run('slow-queries', ['--show_failures']);
    expect(tables.map((t) => t.name)).toEqual(['_sample', 'queries[0]', 'queries[1]']);
    const slow = data.pgsql.filter((r) => r.time_ >= since(10) && r.latency / 1e6 >= 1.5);
    const full = (r: PgRow) => ({
      time_: r.time_,
      upid: r.upid,
      remote_addr: '',
      remote_port: 0,
      local_addr: r.local_addr,
      local_port: r.local_port,
      trace_role: r.trace_role,
      encrypted: false,
      req_cmd: r.req_cmd,
      req: r.req,
      resp: r.resp,
      latency: r.latency,
      latency_ms: r.latency / 1e6,
      failed: r.resp.includes('ERROR'),
    });
    const sample = slow.slice(0, 3).map(full);
    expectRows(output(tables, '_sample', Object.keys(sample[0] ?? {})), sample);

    const stats = groupBy(slow, (r) => [r.req]).map(({ key, rows }) => ({
      req: key[0] as string,
      n: rows.length,
      p90: quantile(
        rows.map((r) => r.latency),
        0.9,
      ),
    }));
    expectRows(output(tables, 'queries[0]', ['req', 'n', 'p90']), stats, ['req']);
    const failed = slow
      .filter((r) => r.resp.includes('ERROR'))
      .map((r) => ({ time_: r.time_, req: r.req, resp: r.resp }));
    expect(failed.length).toBeGreaterThan(1);
    expectRows(output(tables, 'queries[1]', ['time_', 'req', 'resp']), failed);

    const quiet = run('slow-queries', ['--min_ms=1000', '--show_failures=false']);
    const none = output(quiet, 'queries[1]', ['time_', 'req', 'resp']);
    expect(none).toEqual([]);
    const big = output(quiet, 'queries[0]', ['req', 'n', 'p90']);
    expect(big.reduce((a, r) => a + (r['n'] as number), 0)).toBe(
      data.pgsql.filter((r) => r.time_ >= since(10) && r.latency >= 1e9).length,
    );
  });
});
