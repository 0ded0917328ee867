/**
 * IPv6 on loopback: nginx listens on [::1] only and curl fetches from it, captured live with
 * eBPF (into the store) and with libpcap (events through the connection tracker). Rows must
 * carry ::1 on both ends, the right ports and the right roles. In CI a source that cannot
 * start fails its suite instead of skipping it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveCollector } from '../../src/collector/live/live-collector.js';
import { upidPid } from '../../src/collector/proc/upid.js';
import { Store, type RowBatch } from '../../src/store/index.js';
import { freePort, run, type RunResult } from '../ebpf/servers.js';
import { snapshotRows } from '../support/snapshot-rows.js';
import { startCustomNginx, type CustomNginx } from './custom-nginx.js';
import {
  CI,
  requireEbpf,
  requirePcap,
  skipLiveEbpf,
  whyPcapUnavailable,
} from './capture-availability.js';
import { KeepAliveClient } from './keep-alive-client.js';
import { capturePcapRows, column } from './pcap-rows.js';

const BODY = '{"over":"ipv6"}\n';

async function startV6Nginx(prefix: string): Promise<{ nginx: CustomNginx; port: number }> {
  const port = await freePort();
  const nginx = await startCustomNginx({
    prefix,
    files: { 'v6/item': BODY },
    listens: [{ host: '::1', port }],
    servers: (_dir, root) => `server { listen [::1]:${port}; root ${root}; }`,
  });
  return { nginx, port };
}

async function curlV6(port: number, path: string): Promise<RunResult> {
  const curl = await run('curl', ['-sS', '-g', `http://[::1]:${port}${path}`]);
  if (curl.code !== 0) throw new Error(`curl failed: ${curl.stderr}`);
  return curl;
}

describe.skipIf(skipLiveEbpf)('IPv6 captured live (eBPF)', () => {
  const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
  let nginx: CustomNginx;
  let port = 0;
  let curl: RunResult;
  let older: KeepAliveClient;
  const olderStatuses: number[] = [];

  beforeAll(async () => {
    requireEbpf();
    ({ nginx, port } = await startV6Nginx('px-ipv6-ebpf-'));
    // A connection opened before capture starts, used again after.
    older = new KeepAliveClient('::1', port);
    olderStatuses.push(await older.get('/v6/item?before=1'));
    const collector = LiveCollector.start({ store, workers: 0, procSampleMs: 0 });
    try {
      curl = await curlV6(port, '/v6/item');
      olderStatuses.push(await older.get('/v6/item?after=1'));
    } finally {
      older.close();
      await collector.stop();
    }
  });

  afterAll(async () => {
    await nginx.stop();
  });

  it('records the exchange on both ends with ::1 addresses, ports and roles', () => {
    expect(curl.stdout).toBe(BODY);
    const http = snapshotRows(store.snapshot('http_events'), [
      'upid',
      'trace_role',
      'local_addr',
      'local_port',
      'remote_addr',
      'remote_port',
      'req_path',
      'resp_body',
    ]);
    const ours = http.filter((r) => (r[3] === port || r[5] === port) && r[6] === '/v6/item');
    const client = ours.filter((r) => upidPid(r[0] as bigint) === curl.pid);
    const server = ours.filter((r) => upidPid(r[0] as bigint) === nginx.workerPid);
    expect(client).toHaveLength(1);
    expect(server).toHaveLength(1);
    const [c, s] = [client[0] ?? [], server[0] ?? []];
    expect(c.slice(1)).toEqual([1, '::1', s[5], '::1', port, '/v6/item', BODY]);
    expect(s.slice(1)).toEqual([2, '::1', port, '::1', c[3], '/v6/item', BODY]);
    expect(c[3]).not.toBe(port);
  });

  it('picks up an IPv6 connection opened before capture, with its addresses', () => {
    expect(olderStatuses).toEqual([200, 200]);
    const http = snapshotRows(store.snapshot('http_events'), [
      'upid',
      'trace_role',
      'local_addr',
      'local_port',
      'remote_addr',
      'remote_port',
      'req_path',
    ]);
    const after = http.filter((r) => r[6] === '/v6/item?after=1');
    const client = after.filter((r) => upidPid(r[0] as bigint) === older.pid);
    const server = after.filter((r) => upidPid(r[0] as bigint) === nginx.workerPid);
    expect(client.map((r) => r.slice(1, 6))).toEqual([[1, '::1', server[0]?.[5], '::1', port]]);
    expect(server.map((r) => r.slice(1, 6))).toEqual([[2, '::1', port, '::1', client[0]?.[3]]]);
    expect(http.some((r) => r[6] === '/v6/item?before=1')).toBe(false);
  });

  it('gives conn_stats the IPv6 family', () => {
    const stats = snapshotRows(store.snapshot('conn_stats'), [
      'upid',
      'remote_addr',
      'remote_port',
      'addr_family',
      'trace_role',
    ]);
    const client = stats.filter((r) => upidPid(r[0] as bigint) === curl.pid);
    expect(client.map((r) => r.slice(1))).toEqual([['::1', port, 10, 1]]);
    const server = stats.filter(
      (r) => upidPid(r[0] as bigint) === nginx.workerPid && r[1] === '::1',
    );
    expect(server.map((r) => [r[3], r[4]])).toContainEqual([10, 2]);
  });
});

const pcapUnavailable = await whyPcapUnavailable();

describe.skipIf(pcapUnavailable !== null && !CI)('IPv6 captured live (libpcap)', () => {
  let nginx: CustomNginx;
  let port = 0;
  let curl: RunResult;
  let http: RowBatch | undefined;
  let connStats: RowBatch | undefined;

  beforeAll(async () => {
    requirePcap(pcapUnavailable);
    ({ nginx, port } = await startV6Nginx('px-ipv6-pcap-'));
    const { tables } = await capturePcapRows(`ip6 and tcp port ${port}`, async () => {
      curl = await curlV6(port, '/v6/item');
    });
    http = tables.get('http_events');
    connStats = tables.get('conn_stats');
  });

  afterAll(async () => {
    await nginx.stop();
  });

  it('records the exchange once, as the server, with ::1 addresses and the right ports', () => {
    expect(curl.stdout).toBe(BODY);
    expect(http?.length).toBe(1);
    expect(column(http, 'trace_role')).toEqual([2]);
    expect(column(http, 'local_addr')).toEqual(['::1']);
    expect(column(http, 'local_port')).toEqual([port]);
    expect(column(http, 'remote_addr')).toEqual(['::1']);
    expect(column(http, 'remote_port')[0]).not.toBe(port);
    expect(column(http, 'req_path')).toEqual(['/v6/item']);
    expect(column(http, 'resp_body')).toEqual([BODY]);
    expect(column(connStats, 'remote_addr')).toEqual(['::1']);
    expect(column(connStats, 'addr_family')).toEqual([10]);
  });
});
