import { describe, expect, it } from 'vitest';
import { runPx } from '../support/px-cli.js';

interface JsonReport {
  checks: { id: string; status: string; detail: string; fix?: string }[];
  modes: { mode: string; usable: boolean; blockers: string[] }[];
  auto: string | null;
  storeBudgetBytes: number;
  memory: { totalBytes: number };
}

const isRoot = process.getuid?.() === 0;

describe('px doctor on this machine', () => {
  it.runIf(isRoot || process.env['CI'] === 'true')('finds a capture mode when run as root', () => {
    const result = runPx(['doctor', '-o', 'json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    // The kernel features this kind of machine has (and CI runs as root on it).
    expect(status).toMatchObject({
      kernel: 'ok',
      privileges: 'ok',
      tracefs: 'ok',
      tracepoints: 'ok',
      btf: 'ok',
      libpcap: 'ok',
    });
    expect(report.auto).not.toBeNull();
    expect(report.storeBudgetBytes).toBe(Math.floor(report.memory.totalBytes * 0.05));
  });

  it.runIf(isRoot || process.env['CI'] === 'true')(
    'exits 3 and names the capabilities when run without privileges',
    () => {
      // Root without capabilities (a container without CAP_BPF or CAP_NET_RAW). Dropping the
      // bounding set rather than the uid keeps the checkout readable wherever CI cloned it.
      const noCapabilities = ['setpriv', '--bounding-set=-all'];
      const result = runPx(['doctor', '-o', 'json'], noCapabilities);
      expect(result.status).toBe(3);
      const report = JSON.parse(result.stdout) as JsonReport;
      expect(report.auto).toBeNull();
      const privileges = report.checks.find((c) => c.id === 'privileges');
      expect(privileges?.detail).toBe('running as root; capabilities: none');
      expect(report.modes.flatMap((m) => m.blockers)).toEqual(
        expect.arrayContaining([
          'needs CAP_BPF + CAP_PERFMON or CAP_SYS_ADMIN',
          'needs CAP_NET_RAW',
        ]),
      );
    },
  );

  it.runIf(isRoot || process.env['CI'] === 'true')(
    'mounts tracefs itself when it is not mounted',
    () => {
      // A private mount namespace, so unmounting there leaves the machine's tracefs alone.
      const unmounted = [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        'umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug/tracing 2>/dev/null; exec "$@"',
        'sh',
      ];
      const result = runPx(['doctor', '-o', 'json'], unmounted);
      const report = JSON.parse(result.stdout) as JsonReport;
      const tracefs = report.checks.find((c) => c.id === 'tracefs');
      expect(tracefs).toMatchObject({
        status: 'ok',
        detail: '/sys/kernel/tracing (mounted it just now)',
      });
      expect(report.checks.find((c) => c.id === 'tracepoints')?.status).toBe('ok');
    },
  );

  it('prints a readable report with the auto decision', () => {
    const result = runPx(['doctor', '--store-memory', '256MiB']);
    expect(result.stdout).toContain('px doctor: can px capture on this machine?');
    expect(result.stdout).toContain('store budget 256 MiB (--store-memory 256MiB)');
    expect(result.stdout).toMatch(/--capture auto will use: (ebpf|pcap|nothing) \(/);
  });

  it('rejects a bad size with a hint and exit status 2', () => {
    const result = runPx(['doctor', '--store-memory', 'lots']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'px: invalid size "lots"\nhint: write a size such as 512MiB, 2GiB, 1.5GB or a share of memory such as 5%\n',
    );
  });

  it('rejects an unknown command with usage help and exit status 2', () => {
    const result = runPx(['doctr']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown command 'doctr'");
  });
});
