import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveCollector } from '../../src/collector/live/live-collector.js';
import { upidPid } from '../../src/collector/proc/upid.js';
import { Store } from '../../src/store/index.js';
import { run, startDnsmasq, startNginxServing, type Dnsmasq, type Nginx } from '../ebpf/servers.js';
import { snapshotRows } from '../support/snapshot-rows.js';
import { requireEbpf, skipLiveEbpf } from './capture-availability.js';
import { KeepAliveClient } from './keep-alive-client.js';

describe.skipIf(skipLiveEbpf)('live capture into the store (eBPF)', () => {
  const store = new Store({ budgetBytes: 256 * 1024 * 1024 });
  let nginx: Nginx;
  let dnsmasq: Dnsmasq;
  const curlPids: number[] = [];
  let clientPid = -1;

  beforeAll(async () => {
    requireEbpf();
    nginx = await startNginxServing({ 'api/items': '{"items":[1,2,3]}\n' }, 'px-live-');
    dnsmasq = await startDnsmasq();

    // Another process opens a connection before capture starts and uses it again after (px
    // never traces its own process, so the client must be a separate one).
    const client = new KeepAliveClient('127.0.0.1', nginx.port);
    clientPid = client.pid;
    expect(await client.get('/api/items')).toBe(200);

    const collector = LiveCollector.start({ store, workers: 0, procSampleMs: 200 });
    try {
      for (const path of ['/api/items', '/missing']) {
        const curl = await run('curl', [
          '-s',
          '-o',
          '/dev/null',
          `http://127.0.0.1:${nginx.port}${path}`,
        ]);
        curlPids.push(curl.pid);
      }
      expect(await client.get('/api/items?again=1')).toBe(200);
      await run('dig', [
        '+short',
        '+tries=1',
        '+time=2',
        '-p',
        String(dnsmasq.port),
        '@127.0.0.1',
        'example.test',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 400));
    } finally {
      client.close();
      await collector.stop();
    }
  });

  afterAll(async () => {
    await nginx.stop();
    await dnsmasq.stop();
  });

  it('records each curl request twice: by curl (client) and by the nginx worker (server)', () => {
    const http = snapshotRows(store.snapshot('http_events'), [
      'upid',
      'trace_role',
      'req_path',
      'resp_status',
      'local_port',
      'remote_port',
    ]);
    const ours = http.filter((r) => r[4] === nginx.port || r[5] === nginx.port);
    for (const [path, status] of [
      ['/api/items', 200],
      ['/missing', 404],
    ] as const) {
      const server = ours.filter((r) => r[1] === 2 && r[2] === path);
      const client = ours.filter((r) => r[1] === 1 && r[2] === path);
      expect(server.map((r) => [upidPid(r[0] as bigint), r[3]])).toContainEqual([
        nginx.workerPid,
        status,
      ]);
      expect(
        client.some((r) => curlPids.includes(upidPid(r[0] as bigint)) && r[3] === status),
      ).toBe(true);
    }
  });

  it('picks up a connection that was open before capture started', () => {
    const http = snapshotRows(store.snapshot('http_events'), [
      'upid',
      'trace_role',
      'req_path',
      'resp_status',
    ]);
    const again = http.filter((r) => r[2] === '/api/items?again=1');
    expect(again.map((r) => r[3])).toContain(200);
    expect(again.some((r) => r[1] === 1 && upidPid(r[0] as bigint) === clientPid)).toBe(true);
    expect(again.some((r) => r[1] === 2 && upidPid(r[0] as bigint) === nginx.workerPid)).toBe(true);
  });

  it('records the DNS lookup with its answer', () => {
    const dns = snapshotRows(store.snapshot('dns_events'), [
      'req_body',
      'resp_body',
      'remote_port',
      'local_port',
    ]);
    const ours = dns.filter((r) => r[2] === dnsmasq.port || r[3] === dnsmasq.port);
    expect(ours.length).toBeGreaterThanOrEqual(1);
    expect(ours.map((r) => r[0])).toContain('{"queries":[{"name":"example.test","type":"A"}]}');
    expect(ours.map((r) => r[1])).toContain(
      '{"answers":[{"name":"example.test","type":"A","addr":"10.1.2.3"}]}',
    );
  });

  it('samples process_stats alongside', () => {
    expect(store.snapshot('process_stats').rowCount).toBeGreaterThan(0);
  });
});
