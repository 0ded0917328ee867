/**
 * TLS marking, live: nginx serves HTTPS (a self-signed certificate made by openssl) and plain
 * HTTP; curl fetches both while eBPF captures. The TLS connection must show up in conn_stats
 * with ssl = true and produce no http_events row, while the plain request still does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LiveCollector, type LiveCollectorStats } from '../../src/collector/live/live-collector.js';
import { upidPid } from '../../src/collector/proc/upid.js';
import { Store } from '../../src/store/index.js';
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
import { capturePcapRows, column, type PcapRows } from './pcap-rows.js';

const SECRET = 'the-tls-body-px-must-not-parse\n';
const PLAIN = 'plain-body\n';

/** A throwaway P-256 key and self-signed certificate in `dir`. */
async function selfSigned(dir: string): Promise<void> {
  const openssl = await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-keyout',
    join(dir, 'key.pem'),
    '-out',
    join(dir, 'cert.pem'),
  ]);
  if (openssl.code !== 0) throw new Error(`openssl req failed: ${openssl.stderr}`);
}

interface TlsNginx {
  readonly nginx: CustomNginx;
  /** HTTPS with the self-signed certificate. */
  readonly tlsPort: number;
  /** Plain HTTP, same files. */
  readonly plainPort: number;
}

async function startTlsNginx(prefix: string): Promise<TlsNginx> {
  const tlsPort = await freePort();
  const plainPort = await freePort();
  const nginx = await startCustomNginx({
    prefix,
    files: { 'secret.txt': SECRET, 'plain.txt': PLAIN },
    prepare: selfSigned,
    listens: [
      { host: '127.0.0.1', port: tlsPort },
      { host: '127.0.0.1', port: plainPort },
    ],
    servers: (dir, root) => `
  server {
    listen 127.0.0.1:${tlsPort} ssl;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    root ${root};
  }
  server {
    listen 127.0.0.1:${plainPort};
    root ${root};
  }`,
  });
  return { nginx, tlsPort, plainPort };
}

/** Two requests on one TLS connection, then one plain request; each curl's pid and output. */
async function fetchBoth(
  tlsPort: number,
  plainPort: number,
): Promise<{ tls: RunResult; plain: RunResult }> {
  const https = `https://127.0.0.1:${tlsPort}/secret.txt`;
  const tls = await run('curl', ['-sSk', https, https]);
  const plain = await run('curl', ['-sS', `http://127.0.0.1:${plainPort}/plain.txt`]);
  return { tls, plain };
}

describe.skipIf(skipLiveEbpf)('TLS connections captured live (eBPF)', () => {
  const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
  let nginx: CustomNginx;
  let tlsPort = 0;
  let plainPort = 0;
  let tlsCurl = { pid: -1, stdout: '' };
  let plainCurl = { pid: -1, stdout: '' };
  let stats: LiveCollectorStats;

  beforeAll(async () => {
    requireEbpf();
    ({ nginx, tlsPort, plainPort } = await startTlsNginx('px-tls-ebpf-'));
    const collector = LiveCollector.start({ store, workers: 0, procSampleMs: 0 });
    try {
      ({ tls: tlsCurl, plain: plainCurl } = await fetchBoth(tlsPort, plainPort));
    } finally {
      stats = await collector.stop();
    }
  });

  afterAll(async () => {
    await nginx.stop();
  });

  it('ran curl over TLS and over plain HTTP', () => {
    expect(tlsCurl.stdout).toBe(SECRET + SECRET);
    expect(plainCurl.stdout).toBe(PLAIN);
  });

  it('shows the TLS connection in conn_stats with ssl = true, on both ends', () => {
    const rows = snapshotRows(store.snapshot('conn_stats'), [
      'upid',
      'remote_port',
      'trace_role',
      'ssl',
      'protocol',
      'conn_open',
      'bytes_recv',
    ]);
    // Booleans read back from the store as 0/1.
    const of = (pid: number, role: number): unknown[][] =>
      rows
        .filter((r) => upidPid(r[0] as bigint) === pid && r[2] === role)
        .map((r) => [...r.slice(0, 3), Boolean(r[3]), ...r.slice(4)]);
    // curl's side: its peer is the TLS port.
    const client = of(tlsCurl.pid, 1).filter((r) => r[1] === tlsPort);
    expect(client.map((r) => r.slice(3, 6))).toContainEqual([true, 13, 1]);
    // Its bytes were captured (and counted), just never parsed: two encrypted bodies came back.
    expect(client.some((r) => (r[6] as number) > 2 * SECRET.length)).toBe(true);
    // nginx's side: one TLS connection and one plain HTTP one, told apart by ssl.
    const server = of(nginx.workerPid, 2);
    expect(server.filter((r) => r[3] === true).map((r) => r.slice(4, 6))).toContainEqual([13, 1]);
    expect(server.filter((r) => r[3] === false).map((r) => r.slice(4, 6))).toContainEqual([1, 1]);
    // The plain curl is not TLS.
    const plain = of(plainCurl.pid, 1).filter((r) => r[1] === plainPort);
    expect(plain.map((r) => r.slice(3, 6))).toEqual([[false, 1, 1]]);
  });

  it('writes no http_events row for the TLS port, but one for the plain request', () => {
    const http = snapshotRows(store.snapshot('http_events'), [
      'local_port',
      'remote_port',
      'req_path',
      'resp_body',
      'trace_role',
    ]);
    expect(http.filter((r) => r[0] === tlsPort || r[1] === tlsPort)).toEqual([]);
    const plain = http.filter((r) => r[0] === plainPort || r[1] === plainPort);
    expect(plain.map((r) => [r[4], r[2], r[3]]).sort()).toEqual([
      [1, '/plain.txt', PLAIN],
      [2, '/plain.txt', PLAIN],
    ]);
  });

  it('counts the TLS connections and loses no events', () => {
    const tls = stats.tracker.reduce((n, t) => n + t.tlsConnections, 0);
    expect(tls).toBeGreaterThanOrEqual(2); // curl's end and nginx's end
    expect(stats.capture.ringbufDrops).toBe(0);
  });
});

const pcapUnavailable = await whyPcapUnavailable();

describe.skipIf(pcapUnavailable !== null && !CI)('TLS connections captured live (libpcap)', () => {
  let nginx: CustomNginx;
  let tlsPort = 0;
  let plainPort = 0;
  let curls: { tls: RunResult; plain: RunResult };
  let rows: PcapRows;

  beforeAll(async () => {
    requirePcap(pcapUnavailable);
    ({ nginx, tlsPort, plainPort } = await startTlsNginx('px-tls-pcap-'));
    rows = await capturePcapRows(`tcp port ${tlsPort} or tcp port ${plainPort}`, async () => {
      curls = await fetchBoth(tlsPort, plainPort);
    });
  });

  afterAll(async () => {
    await nginx.stop();
  });

  it('marks the TLS connection and parses only the plain one', () => {
    expect(curls.tls.stdout).toBe(SECRET + SECRET);
    expect(curls.plain.stdout).toBe(PLAIN);
    const http = rows.tables.get('http_events');
    expect(column(http, 'local_port')).toEqual([plainPort]);
    expect(column(http, 'req_path')).toEqual(['/plain.txt']);
    // One conn_stats row per connection (the client ports differ), from the server's side.
    const stats = rows.tables.get('conn_stats');
    const byTls = column(stats, 'ssl').map((ssl, i) => [
      Boolean(ssl),
      column(stats, 'protocol')[i],
      column(stats, 'trace_role')[i],
    ]);
    expect(byTls.sort()).toEqual([
      [false, 1, 2],
      [true, 13, 2],
    ]);
    expect(rows.tracker.tlsConnections).toBe(1);
  });
});
