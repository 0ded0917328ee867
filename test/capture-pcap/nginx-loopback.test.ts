/**
 * A real capture: curl against a real nginx on loopback, recorded by tcpdump (on lo as
 * Ethernet, and on "any" as Linux cooked v2). px must reassemble exactly the bytes curl says it
 * sent and received, and so must it from a copy of the capture with segments split, duplicated
 * and shuffled. Needs root, nginx, curl and tcpdump; a missing tool fails the test.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeCaptureBytes,
  readCaptureFile,
} from '../../src/collector/capture/pcap/capture-file.js';
import type { StreamEvent } from '../../src/collector/stream/types.js';
import { shuffleCapture } from './capture-shuffle.js';
import { readCurlTrace } from './curl-trace.js';
import type { CurlTraffic } from './curl-trace.js';
import { collect, runs } from './stream-collect.js';
import type { Collected } from './stream-collect.js';

const run = promisify(execFile);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts a tool; `failure()` says why it could not be started (ENOENT when it is missing). */
function start(
  command: string,
  args: string[],
  stdio: StdioOptions,
): { child: ChildProcess; failure: () => Error | undefined } {
  const child = spawn(command, args, { stdio });
  let error: Error | undefined;
  child.once('error', (e) => (error = e));
  return { child, failure: () => error };
}

async function startTcpdump(args: string[]): Promise<ChildProcess> {
  const { child, failure } = start(
    'tcpdump',
    ['-U', '-s', '0', ...args],
    ['ignore', 'ignore', 'pipe'],
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await waitFor('tcpdump to listen', () => {
    const error = failure();
    if (error !== undefined) throw error;
    return Promise.resolve(stderr.includes('listening on') || child.exitCode !== null);
  });
  if (child.exitCode !== null) throw new Error(`tcpdump failed: ${stderr}`);
  return child;
}

async function decodeFile(path: string): Promise<{ events: StreamEvent[]; collected: Collected }> {
  const events: StreamEvent[] = [];
  for await (const batch of readCaptureFile(path, { chunkBytes: 64 * 1024 })) events.push(...batch);
  return { events, collected: collect(events) };
}

function digests(streams: [Buffer, Buffer][]): string[][] {
  return streams.map((pair) => pair.map((b) => createHash('sha256').update(b).digest('hex')));
}

function directionBytes(collected: Collected): [Buffer, Buffer][] {
  return collected.connections.map((c) => [
    Buffer.concat(runs(c.chunks.ingress).map((r) => r.data)),
    Buffer.concat(runs(c.chunks.egress).map((r) => r.data)),
  ]);
}

describe('a real loopback capture of curl and nginx', () => {
  let dir = '';
  let port = 0;
  let nginx: ChildProcess | undefined;
  const tcpdumps: ChildProcess[] = [];
  let traffic: CurlTraffic[] = [];
  let body = Buffer.alloc(0);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'px-nginx-'));
    port = await freePort();
    await mkdir(join(dir, 'www', 'upload'), { recursive: true });
    body = randomBytes(300_000);
    await writeFile(join(dir, 'www', 'big.bin'), body);
    await writeFile(join(dir, 'www', 'small.txt'), 'small file\n');
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((t) => `${t}_temp_path ${join(dir, t)};`)
      .join('\n  ');
    await writeFile(
      join(dir, 'nginx.conf'),
      `user root;
daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')};
events { worker_connections 64; }
http {
  access_log off;
  ${temp}
  server {
    listen 127.0.0.1:${port};
    root ${join(dir, 'www')};
    location /upload/ {
      dav_methods PUT;
      client_max_body_size 10m;
    }
  }
}
`,
    );
    const started = start(
      'nginx',
      ['-e', join(dir, 'error.log'), '-p', dir, '-c', join(dir, 'nginx.conf')],
      'ignore',
    );
    nginx = started.child;
    await waitFor('nginx to accept connections', () => {
      const error = started.failure();
      if (error !== undefined) throw error;
      return canConnect(port);
    });

    const filter = `tcp port ${port}`;
    tcpdumps.push(await startTcpdump(['-i', 'lo', '-w', join(dir, 'lo.pcap'), filter]));
    tcpdumps.push(
      await startTcpdump(['-i', 'any', '-y', 'LINUX_SLL2', '-w', join(dir, 'any.pcap'), filter]),
    );

    const base = `http://127.0.0.1:${port}`;
    // Two GETs on one keep-alive connection, then a 300 KB upload (PUT, which nginx reads in
    // full, so every byte curl sends reaches the wire) on a second connection.
    await run('curl', [
      '-sS',
      '--http1.1',
      '--trace',
      join(dir, 'get.trace'),
      '-o',
      '/dev/null',
      `${base}/big.bin`,
      '-o',
      '/dev/null',
      `${base}/small.txt`,
    ]);
    await run('curl', [
      '-sS',
      '--http1.1',
      '--trace',
      join(dir, 'put.trace'),
      // no "Expect: 100-continue": curl's trace leaves out the blank line ending a 1xx response
      '-H',
      'Expect:',
      '-o',
      '/dev/null',
      '-T',
      join(dir, 'www', 'big.bin'),
      `${base}/upload/copy.bin`,
    ]);
    traffic = [readCurlTrace(join(dir, 'get.trace')), readCurlTrace(join(dir, 'put.trace'))];

    // tcpdump writes asynchronously: wait until both captures hold every byte, then stop it.
    const expected = traffic.map((t) => [t.sent.length, t.received.length]);
    for (const name of ['lo.pcap', 'any.pcap']) {
      let got: unknown;
      await waitFor(`${name} to hold the whole exchange ${JSON.stringify(expected)}`, async () => {
        const { collected } = await decodeFile(join(dir, name));
        got = directionBytes(collected).map(([i, e]) => [i.length, e.length]);
        return JSON.stringify(got) === JSON.stringify(expected);
      }).catch((error: unknown) => {
        throw new Error(`${String(error)}; last seen ${JSON.stringify(got)}`);
      });
    }
    for (const child of tcpdumps) {
      child.kill('SIGINT');
      await exited(child);
    }
  });

  afterAll(async () => {
    for (const child of [...tcpdumps, ...(nginx === undefined ? [] : [nginx])]) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited(child);
      }
    }
    if (dir !== '' && process.env['KEEP'] === undefined)
      await rm(dir, { recursive: true, force: true });
  });

  it('curl saw what the test asked for', () => {
    expect(traffic[0]?.received.includes(body)).toBe(true);
    expect(traffic[1]?.sent.subarray(-body.length).equals(body)).toBe(true);
    expect(traffic[1]?.received.toString('latin1')).toMatch(/^HTTP\/1.1 201 Created/);
  });

  for (const capture of ['lo.pcap', 'any.pcap']) {
    it(`reassembles ${capture} to exactly the bytes curl sent and received`, async () => {
      const { collected } = await decodeFile(join(dir, capture));
      expect(collected.violations).toEqual([]);
      expect(collected.connections).toHaveLength(2);
      for (const [i, connection] of collected.connections.entries()) {
        expect(connection.open.local).toEqual({ addr: '127.0.0.1', port });
        expect(connection.open.remote.addr).toBe('127.0.0.1');
        expect(connection.open.role).toBe(2);
        // one run per direction: no holes
        expect(runs(connection.chunks.ingress).map((r) => r.offset)).toEqual([0]);
        expect(runs(connection.chunks.egress).map((r) => r.offset)).toEqual([0]);
        const [ingress, egress] = directionBytes(collected)[i] ?? [];
        expect(ingress?.equals(traffic[i]?.sent ?? Buffer.alloc(1))).toBe(true);
        expect(egress?.equals(traffic[i]?.received ?? Buffer.alloc(1))).toBe(true);
      }
    });
  }

  it('reassembles the same streams from a split, duplicated and shuffled copy', async () => {
    const original = await readFile(join(dir, 'lo.pcap'));
    const reference = directionBytes(collect(decodeCaptureBytes(original).events));
    for (const seed of [1, 2, 3]) {
      const shuffled = shuffleCapture(original, seed);
      expect(shuffled.moved).toBeGreaterThan(0);
      expect(shuffled.duplicates).toBeGreaterThan(0);
      expect(shuffled.splits).toBeGreaterThan(0);
      const { events, stats } = decodeCaptureBytes(shuffled.capture);
      const collected = collect(events);
      expect(collected.violations).toEqual([]);
      // compared as digests: a deep equal of 600 KB of buffers is needlessly slow
      expect(digests(directionBytes(collected))).toEqual(digests(reference));
      expect(stats.tcp.gaps).toBe(0);
      expect(stats.tcp.retransmittedBytes).toBeGreaterThan(0);
    }
  });
});
