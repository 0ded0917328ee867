import { canLoadBpf, type Privileges } from './capabilities.js';
import { atLeast, type KernelVersion } from './kernel.js';
import type { LibpcapState } from './libpcap.js';
import type { TracefsState, TracepointState } from './tracefs.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do about a warn or fail. */
  readonly fix?: string;
}

/** What the machine offers, gathered once so checks are pure functions of it. */
export interface SystemFacts {
  readonly kernel: KernelVersion;
  readonly privileges: Privileges;
  readonly tracefs: TracefsState;
  readonly tracepoints: TracepointState | null;
  readonly hasBtf: boolean;
  readonly libpcap: LibpcapState;
  readonly ebpfAddon: string | null;
}

const check = (
  id: string,
  title: string,
  status: CheckStatus,
  detail: string,
  fix?: string,
): Check => ({ id, title, status, detail, ...(fix === undefined ? {} : { fix }) });

export function kernelCheck(f: SystemFacts): Check {
  const ok = atLeast(f.kernel, 5, 8);
  return check(
    'kernel',
    'Kernel version',
    ok ? 'ok' : 'fail',
    `${f.kernel.text}${ok ? '' : ' (eBPF ring buffers need 5.8 or newer)'}`,
    ok ? undefined : 'use --capture pcap on this kernel',
  );
}

export function privilegeCheck(f: SystemFacts): Check {
  const held = [...f.privileges.held].sort().join(', ') || 'none';
  const who = f.privileges.isRoot ? 'root' : `uid ${f.privileges.uid}`;
  const bpf = canLoadBpf(f.privileges);
  const raw = f.privileges.held.has('CAP_NET_RAW');
  const status = bpf && raw ? 'ok' : bpf || raw ? 'warn' : 'fail';
  const missing = [
    ...(bpf ? [] : ['CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN) for eBPF']),
    ...(raw ? [] : ['CAP_NET_RAW for libpcap']),
  ];
  return check(
    'privileges',
    'Privileges',
    status,
    `running as ${who}; capabilities: ${held}`,
    missing.length === 0
      ? undefined
      : `missing ${missing.join('; ')}: run as root (sudo px ...) or grant them, e.g. ` +
          'setcap cap_bpf,cap_perfmon,cap_net_raw,cap_sys_admin+ep $(readlink -f $(which node))',
  );
}

export function tracefsCheck(f: SystemFacts): Check {
  if (f.tracefs.path === null) {
    return check(
      'tracefs',
      'tracefs',
      'fail',
      f.tracefs.error ?? 'not mounted',
      'mount it: mount -t tracefs nodev /sys/kernel/tracing (needs CAP_SYS_ADMIN)',
    );
  }
  const how = f.tracefs.mountedByUs ? ' (mounted it just now)' : '';
  return check('tracefs', 'tracefs', 'ok', `${f.tracefs.path}${how}`);
}

export function tracepointCheck(f: SystemFacts): Check {
  if (f.tracepoints === null) {
    return check('tracepoints', 'Syscall tracepoints', 'fail', 'cannot look without tracefs');
  }
  const { missingSyscalls, hasSockTracepoints } = f.tracepoints;
  if (missingSyscalls.length > 0) {
    return check(
      'tracepoints',
      'Syscall tracepoints',
      'fail',
      `missing: ${missingSyscalls.join(', ')}`,
      'the kernel needs CONFIG_FTRACE_SYSCALLS; use --capture pcap',
    );
  }
  return check(
    'tracepoints',
    'Syscall tracepoints',
    hasSockTracepoints ? 'ok' : 'warn',
    hasSockTracepoints
      ? 'all syscalls traced by px, plus sock:sock_send_length/sock_recv_length'
      : 'all syscalls present; sock:sock_*_length missing (kernel < 6.3): slower socket lookup',
  );
}

export function btfCheck(f: SystemFacts): Check {
  return f.hasBtf
    ? check('btf', 'BTF', 'ok', '/sys/kernel/btf/vmlinux present (CO-RE works)')
    : check(
        'btf',
        'BTF',
        'fail',
        '/sys/kernel/btf/vmlinux missing',
        'the kernel needs CONFIG_DEBUG_INFO_BTF; use --capture pcap',
      );
}

export function libpcapCheck(f: SystemFacts): Check {
  return f.libpcap.available
    ? check('libpcap', 'libpcap', 'ok', `loaded; interfaces: ${f.libpcap.devices.join(', ')}`)
    : check(
        'libpcap',
        'libpcap',
        'fail',
        f.libpcap.error ?? 'cannot load',
        'install it: apt-get install libpcap0.8 (then npm rebuild cap)',
      );
}

export function addonCheck(f: SystemFacts): Check {
  return f.ebpfAddon === null
    ? check(
        'ebpf-addon',
        'eBPF addon',
        'fail',
        'native/build has no eBPF addon',
        'build it: ./scripts/setup.sh',
      )
    : check('ebpf-addon', 'eBPF addon', 'ok', f.ebpfAddon);
}
