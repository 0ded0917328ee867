/**
 * Pipelined HTTP/1.1 captured live: a client writes three requests in one send and reads the
 * three responses nginx returns on the same connection. Each request must become its own row,
 * in order, with its own status and body, through eBPF (both ends) and through libpcap (the
 * server's end). In CI a source that cannot start fails its suite instead of skipping it.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveCollector } from '../../src/collector/live/live-collector.js';
import { upidPid } from '../../src/collector/proc/upid.js';
import { Store, type RowBatch } from '../../src/store/index.js';
import { startNginxServing, type ServedNginx } from '../ebpf/servers.js';
import { snapshotRows } from '../support/snapshot-rows.js';
import {
  CI,
  requireEbpf,
  requirePcap,
  skipLiveEbpf,
  whyPcapUnavailable,
} from './capture-availability.js';
import { capturePcapRows, column } from './pcap-rows.js';

const FILES = { 'p/one': 'first\n', 'p/two': 'second body\n' };
/** Requested in this order, in one write; the last is missing (404). */
const PATHS = ['/p/one', '/p/two', '/p/none'];

interface Pipelined {
  readonly pid: number;
  /** The raw response bytes, all three. */
  readonly responses: string;
}

/** A node process that sends PATHS pipelined in one write and prints every byte it gets back. */
function pipeline(port: number): Promise<Pipelined> {
  const requests = PATHS.map((p) => `GET ${p} HTTP/1.1\\r\\nHost: px\\r\\n\\r\\n`).join('');
  const script = `
    const socket = require('node:net').connect(${port}, '127.0.0.1', () => socket.write('${requests}'));
    let got = '';
    socket.setEncoding('latin1').on('data', (d) => {
      got += d;
      if ((got.match(/HTTP\\/1\\.1 /g) ?? []).length === ${PATHS.length} && got.endsWith('</html>\\r\\n')) {
        process.stdout.write(got, () => socket.end());
      }
    });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script]);
    let out = '';
    child.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      resolve({ pid: child.pid ?? -1, responses: out });
    });
  });
}

function statusesIn(responses: string): number[] {
  return [...responses.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1]));
}

describe.skipIf(skipLiveEbpf)('pipelined HTTP captured live (eBPF)', () => {
  const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
  let nginx: ServedNginx;
  let client: Pipelined;

  beforeAll(async () => {
    requireEbpf();
    nginx = await startNginxServing(FILES, 'px-pipelined-ebpf-');
    const collector = LiveCollector.start({ store, workers: 0, procSampleMs: 0 });
    try {
      client = await pipeline(nginx.port);
    } finally {
      await collector.stop();
    }
  });

  afterAll(async () => {
    await nginx.stop();
  });

  it('nginx answered the three requests in order', () => {
    expect(statusesIn(client.responses)).toEqual([200, 200, 404]);
  });

  it('records one row per request on each end, in order, each with its own answer', () => {
    const rows = snapshotRows(store.snapshot('http_events'), [
      'upid',
      'trace_role',
      'req_path',
      'resp_status',
      'resp_body',
      'latency',
    ]).filter((r) => PATHS.includes(r[2] as string));
    for (const [role, pid] of [
      [1, client.pid],
      [2, nginx.workerPid],
    ] as const) {
      const side = rows.filter((r) => r[1] === role && upidPid(r[0] as bigint) === pid);
      expect(side.map((r) => [r[2], r[3]])).toEqual([
        ['/p/one', 200],
        ['/p/two', 200],
        ['/p/none', 404],
      ]);
      expect(side.slice(0, 2).map((r) => r[4])).toEqual(['first\n', 'second body\n']);
      expect(side.every((r) => Number(r[5]) >= 0)).toBe(true);
    }
  });
});

const pcapUnavailable = await whyPcapUnavailable();

describe.skipIf(pcapUnavailable !== null && !CI)('pipelined HTTP captured live (libpcap)', () => {
  let nginx: ServedNginx;
  let client: Pipelined;
  let http: RowBatch | undefined;

  beforeAll(async () => {
    requirePcap(pcapUnavailable);
    nginx = await startNginxServing(FILES, 'px-pipelined-pcap-');
    const { tables } = await capturePcapRows(`tcp port ${nginx.port}`, async () => {
      client = await pipeline(nginx.port);
    });
    http = tables.get('http_events');
  });

  afterAll(async () => {
    await nginx.stop();
  });

  it('records the three requests once each, as the server, in order', () => {
    expect(statusesIn(client.responses)).toEqual([200, 200, 404]);
    expect(column(http, 'trace_role')).toEqual([2, 2, 2]);
    expect(column(http, 'req_path')).toEqual(PATHS);
    expect(column(http, 'resp_status')).toEqual([200, 200, 404]);
    expect(column(http, 'resp_body').slice(0, 2)).toEqual(['first\n', 'second body\n']);
  });
});
