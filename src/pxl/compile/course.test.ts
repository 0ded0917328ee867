import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ResultTable } from '../exec/index.js';
import { runScript } from '../run.js';
import { expectRows, output, type Obj } from './testing/compare.js';
import { courseData, NOW, type DnsRow, type HttpRow, type PgRow } from './testing/course-data.js';
import { ctxPod, ctxService, groupBy, mean, quantile, servedService } from './testing/oracle.js';

/**
 * Every PxL script of the course module (pixie-module.md), unchanged, run on a known data set
 * through the real Store; every output value is checked against the same question answered
 * with plain loops over the rows (testing/oracle.ts).
 */
const COURSE = fileURLToPath(new URL('../syntax/fixtures/course/', import.meta.url));
const data = courseData();

function run(file: string): ResultTable[] {
  const source = readFileSync(COURSE + file, 'utf8');
  return runScript(source, {
    store: data.store,
    metadata: data.metadata,
    now: NOW,
    fileName: file,
  });
}

/** The only output, with its name and column names checked. */
function single(tables: ResultTable[], name: string, columns: string[]): Obj[] {
  expect(tables.map((t) => t.name)).toEqual([name]);
  return output(tables, name, columns);
}

const since = (minutes: number) => NOW - BigInt(minutes) * 60_000_000_000n;
const http = data.http;
const recentHttp = (minutes: number) => http.filter((r) => r.time_ >= since(minutes));

// ─── The scripts ───────────────────────────────────────────────────────────────────────

describe('course scripts run unchanged and give the right values', () => {
  it('01: errors per service and path', () => {
    const rows = single(run('01-the-pxl-query-language.pxl'), 'output', [
      'service',
      'req_path',
      'error_count',
      'avg_latency',
    ]);
    const groups = groupBy(
      http.filter((r) => r.resp_status >= 400),
      (r) => [servedService(r), r.req_path],
    );
    const expected = groups.map(({ key, rows: g }) => ({
      service: key[0] as string,
      req_path: key[1] as string,
      error_count: g.length,
      avg_latency: mean(g.map((r) => r.latency / 1_000_000)),
    }));
    expect(expected.length).toBeGreaterThan(5);
    expectRows(rows, expected, ['service', 'req_path']);
  });

  it('02: slowest endpoints with quantiles(0.5/0.99), a lambda error rate, sort descending', () => {
    const rows = single(
      run('02-find-slow-endpoints-no-instrumentation-needed.pxl'),
      'Slowest Endpoints',
      ['service', 'req_path', 'req_method', 'count', 'p50', 'p99', 'error_rate'],
    );
    const groups = groupBy(recentHttp(5), (r) => [servedService(r), r.req_path, r.req_method]);
    const expected = groups
      .map(({ key, rows: g }) => {
        const ms = g.map((r) => r.latency / 1_000_000);
        return {
          service: key[0] as string,
          req_path: key[1] as string,
          req_method: key[2] as string,
          count: g.length,
          p50: quantile(ms, 0.5),
          p99: quantile(ms, 0.99),
          error_rate: mean(g.map((r) => (r.resp_status >= 400 ? 1 : 0))),
        };
      })
      .filter((r) => r.count > 10)
      .sort((a, b) => b.p99 - a.p99);
    expect(expected.length).toBeGreaterThan(2);
    expect(expected.length).toBeLessThan(groups.length);
    expectRows(rows, expected);
  });

  it('03: one path traced in the last hour, with the derived service and resp_latency', () => {
    const rows = single(run('03-trace-a-specific-request.pxl'), 'output', [
      'time_',
      'service',
      'req_method',
      'req_path',
      'req_body',
      'resp_status',
      'resp_body',
      'resp_latency',
    ]);
    const expected = recentHttp(60)
      .filter((r) => r.req_path.includes('/api/users/123'))
      .map((r) => ({
        time_: r.time_,
        service: servedService(r),
        req_method: r.req_method,
        req_path: r.req_path,
        req_body: r.req_body,
        resp_status: r.resp_status,
        resp_body: r.resp_body,
        resp_latency: r.latency,
      }));
    expect(expected.some((r) => r.service === '')).toBe(true);
    expectRows(rows, expected);
  });

  it('04 and 11: PostgreSQL queries by service and text (req_body means req)', () => {
    const rows = single(run('04-database-query-analysis.pxl'), 'Slow PostgreSQL Queries', [
      'service',
      'req_body',
      'count',
      'avg_latency',
      'max_latency',
    ]);
    const pg = (minutes: number) => data.pgsql.filter((r) => r.time_ >= since(minutes));
    const by = (rs: readonly PgRow[]) => groupBy(rs, (r) => [ctxService(r), r.req]);
    const expected = by(pg(10))
      .map(({ key, rows: g }) => {
        const ms = g.map((r) => r.latency / 1_000_000);
        return {
          service: key[0] as string,
          req_body: key[1] as string,
          count: g.length,
          avg_latency: mean(ms),
          max_latency: Math.max(...ms),
        };
      })
      .filter((r) => r.avg_latency > 100)
      .sort((a, b) => b.avg_latency - a.avg_latency);
    expect(expected.length).toBeGreaterThan(1);
    expectRows(rows, expected);

    const top = single(run('11-task-3-analyze-database-queries.pxl'), 'Database Query Analysis', [
      'service',
      'req_body',
      'exec_count',
      'avg_latency',
    ]);
    const expectedTop = by(pg(5))
      .map(({ key, rows: g }) => ({
        service: key[0] as string,
        req_body: key[1] as string,
        exec_count: g.length,
        avg_latency: mean(g.map((r) => r.latency / 1_000_000)),
      }))
      .sort((a, b) => b.avg_latency - a.avg_latency)
      .slice(0, 10);
    expectRows(top, expectedTop);
  });

  it('05: pod to remote address edges with lambdas over aggregates', () => {
    const rows = single(run('05-service-dependency-map.pxl'), 'Service Dependencies', [
      'source',
      'destination',
      'request_count',
      'avg_latency_ms',
      'error_count',
    ]);
    const groups = groupBy(recentHttp(5), (r) => [ctxPod(r), r.remote_addr]);
    const expected = groups.map(({ key, rows: g }) => ({
      source: key[0] as string,
      destination: key[1] as string,
      request_count: g.length,
      avg_latency_ms: mean(g.map((r) => r.latency)) / 1_000_000,
      error_count: g.filter((r) => r.resp_status >= 400).length,
    }));
    expect(new Set(expected.map((r) => r.source))).toEqual(
      new Set(['host/nginx-1000', 'host/api-7f9c', 'host/payments-3000', '192.168.1.10:80', '']),
    );
    expectRows(rows, expected, ['source', 'destination']);
  });

  it('06: DNS failures by service and query name (derived from the JSON columns)', () => {
    const rows = single(run('06-network-troubleshooting.pxl'), 'DNS Failures', [
      'service',
      'query_name',
      'failure_count',
    ]);
    const rcode = (r: DnsRow) => (JSON.parse(r.resp_header) as { rcode: number }).rcode;
    const name = (r: DnsRow) =>
      (JSON.parse(r.req_body) as { queries: { name: string }[] }).queries[0]?.name ?? '';
    const failing = data.dns.filter((r) => r.time_ >= since(5) && rcode(r) !== 0);
    const groups = groupBy(failing, (r) => [servedService(r), name(r)]);
    const expected = groups.map(({ key, rows: g }) => ({
      service: key[0] as string,
      query_name: key[1] as string,
      failure_count: g.length,
    }));
    expect(expected.length).toBeGreaterThan(1);
    expectRows(rows, expected, ['service', 'query_name']);
  });

  it("07: payments requests with the process's DNS time", () => {
    const rows = single(run('07-war-story-the-mystery-of-the-slow-api.pxl'), 'output', [
      'time_',
      'client_pod',
      'latency_ms',
      'dns_time',
      'remote_addr',
    ]);
    const dnsMean = (upid: bigint) => {
      const own = data.dns.filter((d) => d.upid === upid && d.time_ >= since(60));
      return own.length === 0 ? 0 : mean(own.map((d) => d.latency));
    };
    const expected = recentHttp(60)
      .filter((r) => r.req_path.includes('/payments'))
      .map((r) => ({
        time_: r.time_,
        client_pod: ctxPod(r),
        latency_ms: r.latency / 1_000_000,
        dns_time: dnsMean(r.upid) / 1_000_000,
        remote_addr: r.remote_addr,
      }));
    expect(expected.some((r) => r.dns_time > 0) && expected.some((r) => r.dns_time === 0)).toBe(
      true,
    );
    expectRows(rows, expected);
  });

  it('08: px.export shows the rows it would export', () => {
    const rows = single(run('08-export-to-prometheus.pxl'), 'export', [
      'service',
      'req_path',
      'request_count',
      'latency_p99',
    ]);
    const groups = groupBy(recentHttp(1), (r) => [servedService(r), r.req_path]);
    const expected = groups.map(({ key, rows: g }) => ({
      service: key[0] as string,
      req_path: key[1] as string,
      request_count: g.length,
      latency_p99: quantile(
        g.map((r) => r.latency),
        0.99,
      ),
    }));
    expect(expected.length).toBeGreaterThan(1);
    expectRows(rows, expected, ['service', 'req_path']);
  });

  it('09: per-service performance sorted by p99', () => {
    const rows = single(run('09-task-1-identify-slow-services.pxl'), 'Service Performance', [
      'service',
      'request_count',
      'avg_latency',
      'p99_latency',
      'error_rate',
    ]);
    const groups = groupBy(recentHttp(5), (r) => [servedService(r)]);
    const expected = groups
      .map(({ key, rows: g }) => {
        const ms = g.map((r) => r.latency / 1_000_000);
        return {
          service: key[0] as string,
          request_count: g.length,
          avg_latency: mean(ms),
          p99_latency: quantile(ms, 0.99),
          error_rate: mean(g.map((r) => (r.resp_status >= 400 ? 1 : 0))) * 100,
        };
      })
      .sort((a, b) => b.p99_latency - a.p99_latency);
    expect(expected.map((r) => r.service)).toContain('10.0.0.30:8443');
    expectRows(rows, expected);
  });

  it('10: the ten slowest endpoints with more than five requests', () => {
    const rows = single(run('10-task-2-find-the-slow-endpoint.pxl'), 'Slowest Endpoints', [
      'service',
      'req_path',
      'req_method',
      'count',
      'avg_latency',
      'max_latency',
    ]);
    const groups = groupBy(recentHttp(5), (r) => [servedService(r), r.req_path, r.req_method]);
    const expected = groups
      .map(({ key, rows: g }) => {
        const ms = g.map((r) => r.latency / 1_000_000);
        return {
          service: key[0] as string,
          req_path: key[1] as string,
          req_method: key[2] as string,
          count: g.length,
          avg_latency: mean(ms),
          max_latency: Math.max(...ms),
        };
      })
      .filter((r) => r.count > 5)
      .sort((a, b) => b.avg_latency - a.avg_latency)
      .slice(0, 10);
    expect(expected.length).toBeGreaterThan(3);
    expectRows(rows, expected);
  });

  it('12: service map from the observing service to the serving one', () => {
    const rows = single(run('12-task-4-create-a-service-map.pxl'), 'Service Map', [
      'source_service',
      'dest_service',
      'request_count',
      'p50_latency',
    ]);
    const groups = groupBy(recentHttp(5), (r: HttpRow) => [ctxService(r), servedService(r)]);
    const expected = groups.map(({ key, rows: g }) => ({
      source_service: key[0] as string,
      dest_service: key[1] as string,
      request_count: g.length,
      p50_latency: quantile(
        g.map((r) => r.latency / 1_000_000),
        0.5,
      ),
    }));
    expect(
      expected.some((r) => r.source_service === 'host/api' && r.dest_service === 'host/payments'),
    ).toBe(true);
    expectRows(rows, expected, ['source_service', 'dest_service']);
  });
});
