/**
 * Load shapes, captured live with eBPF: 1000 concurrent kept-alive connections with two
 * requests each, and 200 short-lived curl processes with one connection each. Every request
 * must become a row on both ends, every connection must be counted, and nothing may be lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveCollector, type LiveCollectorStats } from '../../src/collector/live/live-collector.js';
import { upidPid } from '../../src/collector/proc/upid.js';
import { Store } from '../../src/store/index.js';
import { freePort, run } from '../ebpf/servers.js';
import { snapshotRows } from '../support/snapshot-rows.js';
import { startCustomNginx, type CustomNginx } from './custom-nginx.js';
import { requireEbpf, skipLiveEbpf } from './capture-availability.js';
import { runKeepAliveSwarm } from './keepalive-swarm.js';

const CONNECTIONS = 1000;
const SHORT_LIVED = 200;
const SMALL = 'small\n';

/** Captures whatever `work` does into a fresh store; returns the store and the final counters. */
async function captured(work: () => Promise<void>): Promise<[Store, LiveCollectorStats]> {
  const store = new Store({ budgetBytes: 128 * 1024 * 1024 });
  const collector = LiveCollector.start({ store, workers: 0, procSampleMs: 0 });
  let stats: LiveCollectorStats;
  try {
    await work();
  } finally {
    stats = await collector.stop();
  }
  return [store, stats];
}

/** Nothing lost between the kernel and the tables. */
function expectNoLoss(stats: LiveCollectorStats): void {
  const { capture } = stats;
  expect({
    ringbufDrops: capture.ringbufDrops,
    readErrors: capture.readErrors,
    connTableFull: capture.connTableFull,
    malformed: capture.decoder.malformed,
    unknown: capture.decoder.unknown,
  }).toEqual({ ringbufDrops: 0, readErrors: 0, connTableFull: 0, malformed: 0, unknown: 0 });
}

interface HttpRow {
  readonly pid: number;
  readonly role: number;
  readonly localPort: number;
  readonly remotePort: number;
  readonly path: string;
  readonly status: number;
}

/** http_events rows with `port` at either end. */
function httpRows(store: Store, port: number): HttpRow[] {
  const names = ['upid', 'trace_role', 'local_port', 'remote_port', 'req_path', 'resp_status'];
  return snapshotRows(store.snapshot('http_events'), names)
    .map((r) => ({
      pid: upidPid(r[0] as bigint),
      role: r[1] as number,
      localPort: r[2] as number,
      remotePort: r[3] as number,
      path: r[4] as string,
      status: r[5] as number,
    }))
    .filter((r) => r.localPort === port || r.remotePort === port);
}

const byNumber = (a: number, b: number): number => a - b;

describe.skipIf(skipLiveEbpf)('many connections captured live (eBPF)', () => {
  let nginx: CustomNginx;
  let port = 0;

  beforeAll(async () => {
    requireEbpf();
    port = await freePort();
    nginx = await startCustomNginx({
      prefix: 'px-many-',
      files: { 'small.txt': SMALL },
      workerConnections: 4 * CONNECTIONS,
      listens: [{ host: '127.0.0.1', port }],
      // A backlog above the burst, so no SYN waits for a retransmit.
      servers: (_dir, root) =>
        `server { listen 127.0.0.1:${port} backlog=4096; root ${root}; keepalive_timeout 60s; }`,
    });
  });

  afterAll(async () => {
    await nginx.stop();
  });

  it('records both requests of 1000 concurrent kept-alive connections, on both ends', async () => {
    let swarm = { pid: -1, ports: [] as readonly number[], statuses: [] as readonly number[] };
    const [store, stats] = await captured(async () => {
      swarm = await runKeepAliveSwarm('127.0.0.1', port, CONNECTIONS);
    });
    expect(swarm.statuses.filter((s) => s === 200)).toHaveLength(2 * CONNECTIONS);
    expect(new Set(swarm.ports).size).toBe(CONNECTIONS);
    expectNoLoss(stats);

    const rows = httpRows(store, port);
    const server = rows.filter((r) => r.pid === nginx.workerPid && r.role === 2);
    const client = rows.filter((r) => r.pid === swarm.pid && r.role === 1);
    // Every connection (by the client's port) carried round 1 then round 2 of its own index.
    const expected = swarm.ports
      .flatMap((p, i) => [1, 2].map((round) => `${p} /small.txt?round=${round}&conn=${i}`))
      .sort();
    expect(server).toHaveLength(2 * CONNECTIONS);
    expect(server.map((r) => `${r.remotePort} ${r.path}`).sort()).toEqual(expected);
    expect(client).toHaveLength(2 * CONNECTIONS);
    expect(client.map((r) => `${r.localPort} ${r.path}`).sort()).toEqual(expected);
    expect(rows.every((r) => r.status === 200)).toBe(true);

    // conn_stats: the client's 1000 connections to one peer, all opened and closed.
    const connStats = snapshotRows(store.snapshot('conn_stats'), [
      'upid',
      'remote_port',
      'trace_role',
      'conn_open',
      'conn_close',
      'protocol',
    ]);
    const ofClient = connStats.filter((r) => upidPid(r[0] as bigint) === swarm.pid);
    expect(ofClient.map((r) => r.slice(1))).toEqual([[port, 1, CONNECTIONS, CONNECTIONS, 1]]);
    const ports = new Set(swarm.ports);
    const ofServer = connStats.filter(
      (r) => upidPid(r[0] as bigint) === nginx.workerPid && ports.has(r[1] as number),
    );
    expect(ofServer).toHaveLength(CONNECTIONS);
    expect(ofServer.every((r) => r[3] === 1 && r[4] === 1)).toBe(true);
  });

  it(`records each of ${SHORT_LIVED} short-lived curl connections, on both ends`, async () => {
    const curls: number[] = [];
    const [store, stats] = await captured(async () => {
      for (let i = 0; i < SHORT_LIVED; i++) {
        const curl = await run('curl', ['-sS', `http://127.0.0.1:${port}/small.txt?short=${i}`]);
        if (curl.stdout !== SMALL) throw new Error(`curl ${i} failed: ${curl.stderr}`);
        curls.push(curl.pid);
      }
    });
    expectNoLoss(stats);

    const rows = httpRows(store, port).filter((r) => r.path.includes('?short='));
    const expected = curls.map((_, i) => `/small.txt?short=${i}`).sort();
    const client = rows.filter((r) => r.role === 1);
    // One row per curl process, named by its own pid.
    expect(client.map((r) => r.pid).sort(byNumber)).toEqual([...curls].sort(byNumber));
    expect(client.map((r) => r.path).sort()).toEqual(expected);
    // nginx saw each on its own connection: the client ports match one for one.
    const server = rows.filter((r) => r.pid === nginx.workerPid && r.role === 2);
    expect(server.map((r) => r.path).sort()).toEqual(expected);
    const clientPorts = client.map((r) => r.localPort).sort(byNumber);
    expect(server.map((r) => r.remotePort).sort(byNumber)).toEqual(clientPorts);
    expect(new Set(clientPorts).size).toBe(SHORT_LIVED);
  });
});
