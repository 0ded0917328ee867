/**
 * Live libpcap capture into the store: a real nginx and dnsmasq on loopback, curl and dig as
 * clients, captured on the default interface (`any`, which includes lo). Rows are from the
 * server's point of view and must name the server process found through /proc. In CI an
 * interface that cannot be opened fails the suite instead of skipping it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainOpenError } from '../../src/collector/capture/pcap/live/cap-binding.js';
import {
  PcapLiveCollector,
  type PcapLiveCollectorStats,
} from '../../src/collector/capture/pcap/live/pcap-live-collector.js';
import { PcapLiveCapture } from '../../src/collector/capture/pcap/live/pcap-live-capture.js';
import { SocketOwners } from '../../src/collector/proc/sockets/socket-owners.js';
import { upidPid } from '../../src/collector/proc/upid.js';
import { Store } from '../../src/store/index.js';
import { run, startDnsmasq, startNginxServing, type Dnsmasq, type Nginx } from '../ebpf/servers.js';
import { snapshotRows } from '../support/snapshot-rows.js';

const CI = process.env['CI'] === 'true';

async function whyUnavailable(): Promise<string | null> {
  try {
    await PcapLiveCapture.start({ interfaces: ['lo'], onEvents: () => undefined }).stop();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const unavailable = await whyUnavailable();

describe.skipIf(unavailable !== null && !CI)('live capture into the store (libpcap)', () => {
  const store = new Store({ budgetBytes: 256 * 1024 * 1024 });
  let nginx: Nginx;
  let dnsmasq: Dnsmasq;
  let stats: PcapLiveCollectorStats;
  const curlCodes: string[] = [];
  let digAnswer = '';

  beforeAll(async () => {
    if (unavailable !== null)
      throw new Error(`libpcap capture is unavailable in CI: ${unavailable}`);
    nginx = await startNginxServing({ 'api/items': '{"items":[1,2,3]}\n' }, 'px-pcap-live-');
    dnsmasq = await startDnsmasq();

    const collector = PcapLiveCollector.start({ store, workers: 0, procSampleMs: 0 });
    try {
      for (const path of ['/api/items', '/missing', '/api/items?again=1']) {
        const url = `http://127.0.0.1:${nginx.port}${path}`;
        const curl = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', url]);
        curlCodes.push(curl.stdout);
      }
      const dig = await run('dig', [
        '+short',
        '+tries=1',
        '+time=2',
        '-p',
        String(dnsmasq.port),
        '@127.0.0.1',
        'example.test',
      ]);
      digAnswer = dig.stdout.trim();
    } finally {
      stats = await collector.stop();
    }
  });

  afterAll(async () => {
    await nginx.stop();
    await dnsmasq.stop();
  });

  it('ran the clients against the servers', () => {
    expect(curlCodes).toEqual(['200', '404', '200']);
    expect(digAnswer).toBe('10.1.2.3');
  });

  it('records each request once, as the server, attributed to the nginx worker', () => {
    const http = snapshotRows(store.snapshot('http_events'), [
      'upid',
      'trace_role',
      'req_path',
      'resp_status',
      'local_port',
    ]);
    const ours = http.filter((r) => r[4] === nginx.port);
    expect(ours.map((r) => [r[2], r[3], r[1]]).sort()).toEqual([
      ['/api/items', 200, 2],
      ['/api/items?again=1', 200, 2],
      ['/missing', 404, 2],
    ]);
    for (const row of ours) expect(upidPid(row[0] as bigint)).toBe(nginx.workerPid);
  });

  it('records the DNS lookup with its answer, served by dnsmasq', () => {
    const dns = snapshotRows(store.snapshot('dns_events'), [
      'upid',
      'trace_role',
      'req_body',
      'resp_body',
      'local_port',
    ]);
    const ours = dns.filter((r) => r[4] === dnsmasq.port);
    expect(ours).toHaveLength(1);
    const [upid, role, request, response] = ours[0] ?? [];
    expect(role).toBe(2);
    expect(upidPid(upid as bigint)).toBe(dnsmasq.pid);
    expect(request).toBe('{"queries":[{"name":"example.test","type":"A"}]}');
    expect(response).toBe('{"answers":[{"name":"example.test","type":"A","addr":"10.1.2.3"}]}');
  });

  it('reports what it captured and attributed', () => {
    expect(stats.capture.interfaces.length).toBeGreaterThan(0);
    expect(stats.capture.packets).toBeGreaterThanOrEqual(stats.capture.decoder.tcpSegments);
    expect(stats.capture.decoder.tcp.connections).toBeGreaterThanOrEqual(3);
    expect(stats.capture.drops).toBeNull();
    expect(stats.attribution.attributed).toBeGreaterThanOrEqual(4);
    expect(stats.rows['http_events']).toBeGreaterThanOrEqual(3);
  });

  it('attributes a shared listener to the prefork worker, not its master', () => {
    const owners = new SocketOwners();
    const answer = owners.resolve(
      'tcp',
      { addr: '127.0.0.1', port: nginx.port },
      { addr: '127.0.0.1', port: 1 },
    );
    expect(answer.process?.pid).toBe(nginx.workerPid);
  });

  it('explains libpcap refusing an unprivileged user with CAP_NET_RAW', async () => {
    const script =
      "const {Cap}=require('cap');" +
      "try{new Cap().open('lo','tcp',1<<20,Buffer.alloc(65535))}catch(e){console.log(e.message)}";
    // Root without capabilities: refused like an unprivileged user, checkout still readable.
    const result = await run('setpriv', ['--bounding-set=-all', process.execPath, '-e', script]);
    const error = explainOpenError('lo', result.stdout.trim());
    expect(error.code).toBe('PCAP_PRIVILEGES');
    expect(error.message).toContain('CAP_NET_RAW');
    expect(error.hint).toMatch(/setcap cap_net_raw/);
  });
});
