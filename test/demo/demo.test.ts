import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo, type DemoProcess } from '../../src/demo/demo.js';
import { PX, runPx } from '../support/px-cli.js';

const isRoot = process.getuid?.() === 0;
const NODE_CHILDREN = ['payments', 'catalog', 'checkout', 'frontend', 'loadgen'];

function alive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

/** The `name pid N 127.0.0.1:port` lines px demo writes to stderr. */
function reportedPids(stderr: string): number[] {
  return [...stderr.matchAll(/^ {2}\w+ +pid (\d+) /gm)].map((m) => Number(m[1]));
}

function jsonRows(stdout: string, table: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => r['_tableName_'] === table);
}

async function getJson(port: number, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: await res.json() };
}

describe('startDemo', () => {
  let demo: Demo;
  const port = (name: string): number => demo.services.find((s) => s.name === name)?.port ?? 0;

  beforeAll(async () => {
    demo = await startDemo({ rate: 20 });
  });

  afterAll(async () => {
    await demo.stop();
  });

  it('starts dnsmasq, PostgreSQL, the four services and the load generator', () => {
    expect(demo.notes).toEqual([]);
    expect(demo.services.map((s) => s.name)).toEqual([
      'dns',
      'postgres',
      ...NODE_CHILDREN.slice(0, 4),
      'loadgen',
    ]);
    for (const s of demo.services) {
      expect(s.port, s.name).toBeGreaterThan(0);
      expect(alive(s.pid), s.name).toBe(true);
    }
  });

  it('names each Node child demo-<name> in /proc/<pid>/comm', () => {
    for (const s of demo.services.filter((p) => NODE_CHILDREN.includes(p.name))) {
      expect(readFileSync(`/proc/${s.pid}/comm`, 'utf8').trim()).toBe(`demo-${s.name}`);
    }
  });

  it('serves the shop: products through the frontend, 404 for an unknown one', async () => {
    const home = await getJson(port('frontend'), '/');
    expect(home.status).toBe(200);
    expect(home.body).toHaveLength(8);
    expect(await getJson(port('frontend'), '/products/3')).toEqual({
      status: 200,
      body: { id: 3, name: 'burr grinder', priceCents: 12_900 },
    });
    expect((await getJson(port('catalog'), '/api/products/99')).status).toBe(404);
  });

  it('the load generator gets answers, successes and errors', async () => {
    type Stats = { answered: number; failed: number; statuses: Record<string, number> };
    let stats: Stats = { answered: 0, failed: 0, statuses: {} };
    for (let i = 0; i < 200 && (stats.statuses['201'] ?? 0) < 3; i++) {
      stats = (await getJson(port('loadgen'), '/stats')).body as Stats;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stats.failed).toBe(0);
    expect(stats.statuses['200']).toBeGreaterThan(0);
    expect(stats.statuses['201']).toBeGreaterThanOrEqual(3); // placed orders, through payments
  });

  it('stops every process by pid and removes the PostgreSQL folder', async () => {
    const postgres = demo.services.find((s) => s.name === 'postgres') as DemoProcess;
    const cmdline = readFileSync(`/proc/${postgres.pid}/cmdline`, 'utf8').split('\0');
    const dataDir = cmdline[cmdline.indexOf('-D') + 1] ?? '';
    expect(existsSync(dataDir)).toBe(true);
    await demo.stop();
    expect(demo.services.filter((s) => alive(s.pid))).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('px demo', () => {
  it.each(['SIGINT', 'SIGHUP'] as const)(
    'stops the workload and dies of the signal on %s',
    async (signal) => {
      const px = spawn(process.execPath, [PX, 'demo', '--for', '30s']);
      let stderr = '';
      px.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        px.on('exit', (_code, signal) => resolve(signal)),
      );
      for (let i = 0; i < 200 && !/loadgen +pid/.test(stderr); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const pids = reportedPids(stderr);
      expect(pids).toHaveLength(7);
      px.kill(signal);
      expect(await exited).toBe(signal);
      expect(pids.filter(alive)).toEqual([]);
    },
  );

  it('rejects a bad --rate with exit 2', () => {
    const result = runPx(['demo', '--rate', 'lots']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('invalid --rate "lots"');
  });
});

describe.runIf(isRoot || process.env['CI'] === 'true')('px demo capturing live', () => {
  it('shows the demo services, their errors, the slow payments and the DNS lookups', () => {
    const result = runPx(['demo', '--for', '5s', '-o', 'json']);
    expect(result.stderr).toContain('capturing with eBPF for 5s');
    expect(result.stderr).toMatch(/\d+ pgsql_events/); // the catalog reads PostgreSQL
    expect(result.status).toBe(0);

    const services = jsonRows(result.stdout, 'Services');
    const service = (name: string) => services.find((r) => r['service'] === `host/demo-${name}`);
    for (const name of ['frontend', 'catalog', 'checkout', 'payments']) {
      expect(service(name)?.['requests'], name).toBeGreaterThan(0);
    }
    expect(service('catalog')?.['error_rate']).toBeGreaterThan(0); // unknown products: 404
    expect(service('payments')?.['error_rate']).toBeGreaterThan(0); // every 10th charge: 500
    expect(service('checkout')?.['error_rate']).toBeGreaterThan(0); // failed payments: 502

    const pay = jsonRows(result.stdout, 'Slow endpoints').find(
      (r) => r['service'] === 'host/demo-payments' && r['req_path'] === '/api/pay',
    );
    expect(pay?.['p99_ms']).toBeGreaterThan(250);

    const dns = jsonRows(result.stdout, 'DNS lookups');
    const queries = new Set(dns.map((r) => r['query']));
    expect(queries).toContain('frontend.demo');
    expect(queries).toContain('catalog.demo');
    expect([...queries].every((q) => String(q).endsWith('.demo'))).toBe(true);
    expect(dns.some((r) => r['process'] === 'host/demo-loadgen' && r['side'] === 'client')).toBe(
      true,
    );

    const pids = reportedPids(result.stderr);
    expect(pids).toHaveLength(7);
    expect(pids.filter(alive)).toEqual([]);
  });
});
