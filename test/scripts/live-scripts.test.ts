/**
 * The edge, route and flow scripts on traffic captured live with eBPF, as `px run` captures it
 * (openSession), all from one capture of a two-tier app whose every request is known.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, runScriptOn, type DataSession } from '../../src/cli/session.js';
import { cellValue } from '../../src/pxl/exec/result.js';
import { loadBundledScript } from '../../src/scripts/bundle.js';
import { startTwoTierApp, type TwoTierApp } from './two-tier.js';

const live = process.getuid?.() === 0 || process.env['CI'] === 'true';

/** Requests the client sends; ids 4, 8, ..., 20 fail at the back (500) and so the front (502). */
const REQUESTS = 20;
const FAILED = 0.25;

type Row = Record<string, unknown>;

describe.runIf(live)('bundled scripts on live traffic (eBPF)', () => {
  let app: TwoTierApp;
  let session: DataSession;

  beforeAll(async () => {
    app = await startTwoTierApp();
    let capturing = (): void => undefined;
    const started = new Promise<void>((resolve) => (capturing = resolve));
    const opened = openSession({
      forMs: 5000,
      workers: 0,
      capture: 'ebpf',
      progress: (line) => {
        if (line.startsWith('capturing')) capturing();
      },
    });
    await started;
    await sleep(300);
    await app.drive(REQUESTS);
    session = await opened;
  });

  afterAll(() => {
    app.stop();
  });

  /** The rows of a bundled script run over the capture. */
  function rowsOf(name: string, args: readonly string[] = []): Row[] {
    const script = loadBundledScript(name);
    const tables = runScriptOn(script, session, session.now, args);
    return tables.flatMap((table) =>
      Array.from({ length: table.rowCount }, (_, row) =>
        Object.fromEntries(table.columns.map((c) => [c.name, cellValue(c, row)])),
      ),
    );
  }

  it('px/service_map: the client → front → back chain, each request once', () => {
    const edges = rowsOf('px/service_map', [`--service=${app.tag}`]);
    expect(edges.map((e) => [e['requestor'], e['responder'], e['requests']])).toEqual([
      [app.client, app.front, REQUESTS],
      [app.front, app.back, REQUESTS],
    ]);
    for (const edge of edges) {
      expect(edge['error_rate']).toBeCloseTo(FAILED);
      expect(Number(edge['p50'])).toBeGreaterThan(0);
      expect(Number(edge['p99'])).toBeGreaterThanOrEqual(Number(edge['p50']));
      expect(Number(edge['throughput'])).toBeGreaterThan(0);
    }
    // The front waits for the back inside each request it serves.
    const [intoFront, intoBack] = edges;
    expect(Number(intoFront?.['p50'])).toBeGreaterThan(Number(intoBack?.['p50']));
  });

  it('px/service_edge_stats: one edge, its windows adding up to the requests', () => {
    const args = [`--requesting_svc=${app.front}`, `--responding_svc=${app.back}`];
    const windows = rowsOf('px/service_edge_stats', args);
    expect(windows.length).toBeGreaterThan(0);
    expect(new Set(windows.map((w) => w['edge']))).toEqual(
      new Set([`${app.front} -> ${app.back}`]),
    );
    expect(windows.reduce((n, w) => n + Number(w['requests']), 0)).toBe(REQUESTS);
    const times = windows.map((w) => w['time_'] as bigint);
    expect(times.every((t) => t % 10_000_000_000n === 0n)).toBe(true);
  });

  it('px/http_request_stats: ids collapsed, the query string dropped', () => {
    const rows = rowsOf('px/http_request_stats', [`--service=${app.tag}`]);
    expect(rows.map((r) => [r['service'], r['req_method'], r['route'], r['requests']])).toEqual([
      [app.back, 'GET', '/api/items/*', REQUESTS],
      [app.front, 'GET', '/items/*', REQUESTS],
    ]);
    expect(rows.map((r) => r['error_rate'])).toEqual([FAILED, FAILED]);
  });

  it('px/slow_endpoints: one route per service instead of one per id', () => {
    const rows = rowsOf('px/slow_endpoints', [`--service=${app.tag}`]);
    expect(rows.map((r) => [r['service'], r['req_path'], r['requests']]).sort()).toEqual([
      [app.back, '/api/items/*', REQUESTS],
      [app.front, '/items/*', REQUESTS],
    ]);
  });

  it('px/net_flow: outbound peers named, both ends of each hop agreeing on bytes', () => {
    const rows = rowsOf('px/net_flow', [`--process=${app.tag}`]);
    const flow = (process: string, role: string): Row | undefined =>
      rows.find((r) => r['process'] === process && r['role'] === role);
    expect(flow(app.client, 'client')).toMatchObject({ peer: app.front, conns: REQUESTS });
    expect(flow(app.front, 'client')).toMatchObject({ peer: app.back, conns: REQUESTS });
    // Inbound loopback peers are the address: conn_stats cannot tell which local process.
    expect(flow(app.front, 'server')).toMatchObject({ peer: '127.0.0.1', conns: REQUESTS });
    expect(flow(app.back, 'server')).toMatchObject({ peer: '127.0.0.1', conns: REQUESTS });
    for (const [client, server] of [
      [flow(app.client, 'client'), flow(app.front, 'server')],
      [flow(app.front, 'client'), flow(app.back, 'server')],
    ]) {
      expect(Number(client?.['bytes_sent'])).toBeGreaterThan(REQUESTS * 50);
      expect(client?.['bytes_sent']).toBe(server?.['bytes_recv']);
      expect(client?.['bytes_recv']).toBe(server?.['bytes_sent']);
      expect(Number(client?.['sent_per_s'])).toBeGreaterThan(0);
    }
    const totals = rows.map((r) => Number(r['bytes_sent']) + Number(r['bytes_recv']));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
  });
});
