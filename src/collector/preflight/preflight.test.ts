import { describe, expect, it } from 'vitest';
import { parseEffectiveCaps, type CapabilityName } from './capabilities.js';
import type { SystemFacts } from './checks.js';
import { diagnose } from './doctor.js';
import { atLeast, parseKernelRelease } from './kernel.js';
import { parseMeminfo } from './memory.js';

const ALL_CAPS: CapabilityName[] = ['CAP_BPF', 'CAP_NET_RAW', 'CAP_PERFMON', 'CAP_SYS_ADMIN'];

function facts(overrides: Partial<SystemFacts> = {}): SystemFacts {
  return {
    kernel: parseKernelRelease('6.18.44-fc'),
    privileges: { uid: 0, isRoot: true, held: new Set(ALL_CAPS) },
    tracefs: { path: '/sys/kernel/tracing', mountedByUs: false },
    tracepoints: { missingSyscalls: [], hasSockTracepoints: true },
    hasBtf: true,
    libpcap: { available: true, devices: ['lo', 'eth0'] },
    ebpfAddon: '/px/native/build/Release/px_bpf.node',
    ...overrides,
  };
}

const memory = { totalBytes: 24 * 1024 ** 3, availableBytes: 20 * 1024 ** 3 };

describe('capability parsing', () => {
  it('reads CapEff bits for the capabilities capture needs', () => {
    // Full root set on a 6.x kernel.
    expect([...parseEffectiveCaps('Name:\tnode\nCapEff:\t000001ffffffffff\n')].sort()).toEqual(
      ALL_CAPS,
    );
    // CAP_NET_RAW only (bit 13).
    expect([...parseEffectiveCaps('CapEff:\t0000000000002000\n')]).toEqual(['CAP_NET_RAW']);
    expect(parseEffectiveCaps('CapEff:\t0000000000000000\n').size).toBe(0);
  });
});

describe('kernel and memory parsing', () => {
  it('compares kernel versions', () => {
    const v = parseKernelRelease('5.15.0-91-generic');
    expect(v).toMatchObject({ major: 5, minor: 15 });
    expect(atLeast(v, 5, 8)).toBe(true);
    expect(atLeast(v, 6, 3)).toBe(false);
  });

  it('reads MemTotal and MemAvailable in bytes', () => {
    const info = parseMeminfo('MemTotal:       24576000 kB\nMemAvailable:   12288000 kB\n');
    expect(info).toEqual({ totalBytes: 24576000 * 1024, availableBytes: 12288000 * 1024 });
  });
});

describe('diagnose', () => {
  it('picks eBPF when everything is there', () => {
    const report = diagnose(facts(), memory);
    expect(report.auto).toBe('ebpf');
    expect(report.checks.every((c) => c.status === 'ok')).toBe(true);
  });

  it('falls back to pcap, saying why, when the addon is missing', () => {
    const report = diagnose(facts({ ebpfAddon: null }), memory);
    expect(report.auto).toBe('pcap');
    expect(report.autoReason).toContain('eBPF addon: native/build has no eBPF addon');
    expect(report.checks.find((c) => c.id === 'ebpf-addon')?.fix).toBe(
      'build it: ./scripts/setup.sh',
    );
  });

  it('falls back to pcap on an old kernel without BTF or tracefs', () => {
    const report = diagnose(
      facts({
        kernel: parseKernelRelease('4.19.0'),
        hasBtf: false,
        tracefs: { path: null, mountedByUs: false, error: 'mount failed: permission denied' },
        tracepoints: null,
      }),
      memory,
    );
    expect(report.auto).toBe('pcap');
    const ebpf = report.modes.find((m) => m.mode === 'ebpf');
    expect(ebpf?.blockers).toEqual([
      'Kernel version: 4.19.0 (eBPF ring buffers need 5.8 or newer)',
      'tracefs: mount failed: permission denied',
      'Syscall tracepoints: cannot look without tracefs',
      'BTF: /sys/kernel/btf/vmlinux missing',
    ]);
  });

  it('names the missing capabilities and the fix for an unprivileged user', () => {
    const report = diagnose(
      facts({ privileges: { uid: 1000, isRoot: false, held: new Set() } }),
      memory,
    );
    expect(report.auto).toBeNull();
    const privileges = report.checks.find((c) => c.id === 'privileges');
    expect(privileges?.status).toBe('fail');
    expect(privileges?.detail).toBe('running as uid 1000; capabilities: none');
    expect(privileges?.fix).toContain('CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN) for eBPF');
    expect(privileges?.fix).toContain('CAP_NET_RAW for libpcap');
    expect(report.modes.map((m) => m.blockers)).toEqual([
      ['needs CAP_BPF + CAP_PERFMON or CAP_SYS_ADMIN'],
      ['needs CAP_NET_RAW'],
    ]);
  });

  it('warns (but still uses eBPF) without the 6.3 sock tracepoints', () => {
    const report = diagnose(
      facts({ tracepoints: { missingSyscalls: [], hasSockTracepoints: false } }),
      memory,
    );
    expect(report.checks.find((c) => c.id === 'tracepoints')?.status).toBe('warn');
    expect(report.auto).toBe('ebpf');
  });
});
