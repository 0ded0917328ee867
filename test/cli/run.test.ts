import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, startNginxServing, type ServedNginx } from '../ebpf/servers.js';
import { PX, ROOT, runPx } from '../support/px-cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'pcaps');
const isRoot = process.getuid?.() === 0;

function jsonRows(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('px run on a capture file', () => {
  it('runs a bundled script and prints JSON lines with the table name', () => {
    const pcap = join(FIXTURES, 'zeek', 'http-pipelined-requests.pcap');
    const result = runPx(['run', 'px/slow_endpoints', '--pcap', pcap, '-o', 'json']);
    expect(result.status).toBe(0);
    const rows = jsonRows(result.stdout);
    expect(rows.length).toBe(5);
    expect(rows.every((r) => r['_tableName_'] === 'Slow endpoints')).toBe(true);
    expect(rows.map((r) => r['req_path'])).toContain('/script/urchin.js');
    expect(result.stderr).toContain('read 49 packets: 5 http_events');
  });

  it('px script run is px run; script arguments go after --', () => {
    const pcap = join(FIXTURES, 'deepflow', 'dns-nxdomain.pcap');
    const result = runPx([
      'script',
      'run',
      'px/dns_data',
      '--pcap',
      pcap,
      '-o',
      'json',
      '--',
      '--query=frontnode',
    ]);
    expect(result.status).toBe(0);
    const rows = jsonRows(result.stdout);
    expect(rows).toEqual([
      expect.objectContaining({
        query: 'prod-fcdt-e02.int.frontnode.net',
        outcome: 'nxdomain',
        rcode: 3,
      }),
    ]);
  });

  it('runs every bundled script on a capture without error', () => {
    const list = runPx(['script', 'list', '-o', 'json']);
    const names = jsonRows(list.stdout).map((r) => r['name'] as string);
    expect(names).toContain('px/service_stats');
    const pcap = join(FIXTURES, 'zeek', 'http-get.pcap');
    for (const name of names) {
      const result = runPx(['run', name, '--pcap', pcap, '-o', 'csv']);
      expect(result.stderr, name).not.toContain('error');
      expect(result.status, name).toBe(0);
    }
  });

  it('reports a bad script with line, column and caret, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'px-run-'));
    const file = join(dir, 'bad.pxl');
    writeFileSync(
      file,
      "import px\ndf = px.DataFrame(table='http_events')\ndf = df[df.resp_stats == 500]\npx.display(df)\n",
    );
    const result = runPx(['run', '-f', file, '--pcap', join(FIXTURES, 'zeek', 'http-get.pcap')]);
    rmSync(dir, { recursive: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.pxl:3:');
    expect(result.stderr).toContain('resp_stats');
    expect(result.stderr).toContain('resp_status');
    expect(result.stderr).toContain('^');
  });

  it('names the closest bundled script and exits 2 for an unknown one', () => {
    const result = runPx([
      'run',
      'px/service_stat',
      '--pcap',
      join(FIXTURES, 'zeek', 'http-get.pcap'),
    ]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no bundled script "px/service_stat"');
    expect(result.stderr).toContain('px/service_stats');
  });
});

describe.runIf(isRoot || process.env['CI'] === 'true')('px run capturing live', () => {
  let nginx: ServedNginx;

  beforeAll(async () => {
    nginx = await startNginxServing({ 'api/orders': '[]\n' }, 'px-run-live-');
  });

  afterAll(async () => {
    await nginx.stop();
  });

  it.each([
    ['ebpf', 'eBPF'],
    ['pcap', 'libpcap'],
  ])(
    '--capture %s: captures for --for, then shows the requests made meanwhile',
    async (mode, label) => {
      // Only this test's nginx: other tests (and other work on the host) serve HTTP too.
      const script = join(nginx.dir, 'served.pxl');
      writeFileSync(
        script,
        [
          'import px',
          "df = px.DataFrame(table='http_events', start_time='-1m')",
          `df = df[(df.trace_role == 2) & (df.local_port == ${nginx.port})]`,
          "df.service = df.ctx['service']",
          'df.failure = df.resp_status >= 400',
          "df = df.groupby('service').agg(requests=('latency', px.count), error_rate=('failure', px.mean))",
          "px.display(df, 'served')",
        ].join('\n'),
      );
      const args = [PX, 'run', '-f', script, '--capture', mode, '--for', '4s', '-o', 'json'];
      const px = spawn(process.execPath, args);
      let stdout = '';
      let stderr = '';
      px.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      px.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Wait until capture is running, then make requests.
      for (let i = 0; i < 100 && !stderr.includes('capturing'); i++)
        await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      for (const path of ['/api/orders', '/api/orders', '/nope']) {
        await run('curl', ['-s', '-o', '/dev/null', `http://127.0.0.1:${nginx.port}${path}`]);
      }
      const code = await new Promise<number | null>((resolve) => px.on('exit', resolve));
      expect(stderr).toContain(`capturing with ${label} for 4s`);
      expect(code).toBe(0);
      const served = jsonRows(stdout);
      expect(served).toEqual([
        expect.objectContaining({ _tableName_: 'served', service: 'host/nginx', requests: 3 }),
      ]);
      expect(served[0]?.['error_rate']).toBeCloseTo(1 / 3);
    },
  );

  it('--capture auto falls back to libpcap, saying why, when eBPF is not allowed', () => {
    // Only CAP_NET_RAW: enough for libpcap, not for eBPF (root keeps the checkout readable).
    const netRawOnly = ['setpriv', '--bounding-set=-all,+net_raw'];
    const result = runPx(['run', 'px/http_data', '--for', '1s', '-o', 'json'], netRawOnly);
    expect(result.stderr).toContain('eBPF unavailable (eBPF capture needs CAP_BPF and CAP_PERFMON');
    expect(result.stderr).toContain('falling back to libpcap');
    expect(result.stderr).toContain('capturing with libpcap for 1s');
    expect(result.status).toBe(0);
  });
});
