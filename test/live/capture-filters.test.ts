/**
 * Capture filters (--pid, --process, --port) against real traffic: two named node clients each
 * talk to two nginx servers on their own ports, and only the chosen part may reach the tables.
 *
 * eBPF runs in this process (one collector per filter, all at once, over the same traffic).
 * libpcap runs through `px run --capture pcap` in child processes, which also covers the flags
 * end to end.
 * Both need root; in CI a capture that cannot start fails the suite instead of skipping it.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureFilters } from '../../src/collector/live/capture-filters.js';
import { LiveCollector } from '../../src/collector/live/live-collector.js';
import { upidPid } from '../../src/collector/proc/upid.js';
import { Store } from '../../src/store/index.js';
import {
  startDnsmasq,
  startNginxServing,
  type Dnsmasq,
  type ServedNginx,
} from '../ebpf/servers.js';
import { PX } from '../support/px-cli.js';
import { snapshotRows } from '../support/snapshot-rows.js';
import { CI, requireEbpf, skipLiveEbpf } from './capture-availability.js';
import { TitledHttpClient, unconnectedDnsQueries } from './filter-clients.js';

const isRoot = process.getuid?.() === 0;

let serverA: ServedNginx;
let serverB: ServedNginx;
let dnsmasq: Dnsmasq;

/** The servers every describe below uses; capturing needs root anyway. */
function withServers(): void {
  beforeAll(async () => {
    serverA = await startNginxServing({ 'index.txt': 'A\n' }, 'px-filter-a-');
    serverB = await startNginxServing({ 'index.txt': 'B\n' }, 'px-filter-b-');
    dnsmasq = await startDnsmasq();
  });

  afterAll(async () => {
    await serverA.stop();
    await serverB.stop();
    await dnsmasq.stop();
  });
}

/** Two clients, a and b, each asking both servers, A and B, once; paths say who asked whom. */
async function startClients(): Promise<[TitledHttpClient, TitledHttpClient]> {
  const clients = [new TitledHttpClient('pxclient-a'), new TitledHttpClient('pxclient-b')] as const;
  await Promise.all(clients.map((c) => c.ready()));
  return [clients[0], clients[1]];
}

async function askEveryServer(clients: readonly TitledHttpClient[]): Promise<void> {
  for (const client of clients) {
    const from = client.title.slice(-1);
    for (const [to, server] of [
      ['A', serverA],
      ['B', serverB],
    ] as const) {
      expect(await client.get(server.port, `/index.txt?from=${from}&to=${to}`)).toBe('200');
    }
  }
}

/** "a→A" for each tagged request path among `paths` (other traffic on the host is ignored). */
function exchanges(paths: readonly unknown[]): string[] {
  const tags = paths.flatMap((path) => {
    const match = /from=(\w)&to=(\w)/.exec(String(path));
    return match === null ? [] : [`${match[1]}→${match[2]}`];
  });
  return [...new Set(tags)].sort();
}

describe.skipIf(skipLiveEbpf)('capture filters with eBPF', () => {
  withServers();
  const stores = {
    pid: new Store({ budgetBytes: 64 * 1024 * 1024 }),
    process: new Store({ budgetBytes: 64 * 1024 * 1024 }),
    port: new Store({ budgetBytes: 64 * 1024 * 1024 }),
  };
  let clientA: TitledHttpClient;
  let clientB: TitledHttpClient;
  let udpClientPid = -1;

  beforeAll(async () => {
    requireEbpf();
    [clientA, clientB] = await startClients();
    const start = (store: Store, filters: Partial<CaptureFilters>): LiveCollector =>
      LiveCollector.start({
        store,
        workers: 0,
        procSampleMs: 0,
        filters: { pids: [], processNames: [], ports: [], ...filters },
      });
    const collectors = [
      start(stores.pid, { pids: [clientA.pid] }),
      start(stores.process, { processNames: ['pxclient-b'] }),
      start(stores.port, { ports: [serverA.port, dnsmasq.port] }),
    ];
    try {
      await askEveryServer([clientA, clientB]);
      udpClientPid = await unconnectedDnsQueries('pxclient-udp', dnsmasq.port, serverB.port);
    } finally {
      clientA.close();
      clientB.close();
      await Promise.all(collectors.map((c) => c.stop()));
    }
  });

  function httpRows(store: Store): { path: unknown; role: unknown; pid: number }[] {
    const rows = snapshotRows(store.snapshot('http_events'), ['req_path', 'trace_role', 'upid']);
    return rows
      .filter((r) => exchanges([r[0]]).length > 0)
      .map((r) => ({ path: r[0], role: r[1], pid: upidPid(r[2] as bigint) }));
  }

  it('--pid: only that process, so only its client side', () => {
    const rows = httpRows(stores.pid);
    expect(exchanges(rows.map((r) => r.path))).toEqual(['a→A', 'a→B']);
    expect(new Set(rows.map((r) => `${r.pid} ${String(r.role)}`))).toEqual(
      new Set([`${clientA.pid} 1`]),
    );
  });

  it('--process: only processes of that name', () => {
    const rows = httpRows(stores.process);
    expect(exchanges(rows.map((r) => r.path))).toEqual(['b→A', 'b→B']);
    expect(new Set(rows.map((r) => `${r.pid} ${String(r.role)}`))).toEqual(
      new Set([`${clientB.pid} 1`]),
    );
  });

  it('--port: both ends of every connection on that port, from every process', () => {
    const rows = httpRows(stores.port);
    expect(exchanges(rows.map((r) => r.path))).toEqual(['a→A', 'b→A']);
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set([1, 2]));
    expect(new Set(rows.map((r) => r.pid))).toEqual(
      new Set([clientA.pid, clientB.pid, serverA.workerPid]),
    );
  });

  it('--port on an unconnected UDP socket: decided per datagram by its peer', () => {
    const dns = snapshotRows(stores.port.snapshot('dns_events'), ['upid', 'remote_port']);
    const fromClient = dns.filter((r) => upidPid(r[0] as bigint) === udpClientPid);
    expect(fromClient.map((r) => r[1])).toEqual([dnsmasq.port]);
    expect(dns.some((r) => r[1] === serverB.port)).toBe(false);
  });
});

/** Prints every HTTP row px saw, with the fields the assertions need. */
const ROWS_SCRIPT = `import px
df = px.DataFrame(table='http_events', start_time='-5m')
df = df[['req_path', 'trace_role', 'local_port']]
px.display(df, 'rows')
`;

interface PxRun {
  readonly stderr: () => string;
  readonly done: Promise<{ code: number | null; stdout: string }>;
}

function startPxRun(script: string, filterArgs: readonly string[]): PxRun {
  const args = [PX, 'run', '-f', script, '--capture', 'pcap', '--for', '8s', '--workers', '0'];
  const child = spawn(process.execPath, [...args, '-o', 'json', ...filterArgs]);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    stderr: () => stderr,
    done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout }))),
  };
}

async function capturing(run: PxRun): Promise<void> {
  for (let i = 0; i < 600 && !run.stderr().includes('capturing with'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(run.stderr()).toContain('capturing with libpcap');
}

describe.runIf(isRoot || CI)('capture filters with libpcap (px run --capture pcap)', () => {
  withServers();
  const results: Record<'pid' | 'process' | 'port', { code: number | null; rows: unknown[][] }> = {
    pid: { code: null, rows: [] },
    process: { code: null, rows: [] },
    port: { code: null, rows: [] },
  };
  const stderr: Record<string, string> = {};
  let clientA: TitledHttpClient;

  beforeAll(async () => {
    if (!isRoot) throw new Error('libpcap capture tests need root in CI');
    const script = join(serverA.dir, 'rows.pxl');
    writeFileSync(script, ROWS_SCRIPT);
    const clients = await startClients();
    [clientA] = clients;
    const runs = {
      pid: startPxRun(script, ['--pid', String(clients[0].pid)]),
      process: startPxRun(script, ['--process', 'pxclient-b']),
      port: startPxRun(script, ['--port', String(serverA.port)]),
    };
    try {
      await Promise.all(Object.values(runs).map(capturing));
      // New connections, made after every capture started.
      await askEveryServer(clients);
    } finally {
      for (const [name, run] of Object.entries(runs)) {
        const { code, stdout } = await run.done;
        stderr[name] = run.stderr();
        const rows = stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .map((r) => [r['req_path'], r['trace_role'], r['local_port']]);
        results[name as keyof typeof results] = { code, rows };
      }
      clients.forEach((c) => c.close());
    }
  });

  it('--pid: only connections that process holds (rows stay the server view)', () => {
    expect(results.pid.code).toBe(0);
    expect(stderr['pid']).toContain(`capturing only pid ${clientA.pid}`);
    expect(exchanges(results.pid.rows.map((r) => r[0]))).toEqual(['a→A', 'a→B']);
  });

  it('--process: only connections processes of that name hold', () => {
    expect(results.process.code).toBe(0);
    expect(exchanges(results.process.rows.map((r) => r[0]))).toEqual(['b→A', 'b→B']);
  });

  it('--port: only connections on that port, through the libpcap filter', () => {
    expect(results.port.code).toBe(0);
    const ours = results.port.rows.filter((r) => exchanges([r[0]]).length > 0);
    expect(exchanges(ours.map((r) => r[0]))).toEqual(['a→A', 'b→A']);
    expect(new Set(ours.map((r) => r[2]))).toEqual(new Set([serverA.port]));
  });
});
