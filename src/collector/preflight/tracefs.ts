import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const TRACEFS_MOUNTS = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];

export interface TracefsState {
  /** Where tracefs is mounted, or null. */
  readonly path: string | null;
  /** True when we mounted it just now. */
  readonly mountedByUs: boolean;
  /** Why it is unavailable, when it is. */
  readonly error?: string;
}

function mountedAt(path: string): boolean {
  return existsSync(join(path, 'events'));
}

/**
 * Finds tracefs, mounting it at /sys/kernel/tracing when it is not mounted and we may
 * (containers and fresh hosts often leave it unmounted; eBPF tracepoints need it to resolve ids).
 */
export function ensureTracefs(): TracefsState {
  for (const path of TRACEFS_MOUNTS) if (mountedAt(path)) return { path, mountedByUs: false };
  const target = TRACEFS_MOUNTS[0] as string;
  try {
    execFileSync('mount', ['-t', 'tracefs', 'nodev', target], { stdio: 'pipe' });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      path: null,
      mountedByUs: false,
      error: `mount -t tracefs nodev ${target} failed: ${detail}`,
    };
  }
  return mountedAt(target)
    ? { path: target, mountedByUs: true }
    : { path: null, mountedByUs: false, error: `${target} has no events/ after mounting` };
}

/** The syscalls whose enter/exit tracepoints the socket tracer attaches to. */
export const TRACED_SYSCALLS = [
  'connect',
  'accept',
  'accept4',
  'read',
  'write',
  'readv',
  'writev',
  'sendto',
  'recvfrom',
  'sendmsg',
  'recvmsg',
  'sendmmsg',
  'recvmmsg',
  'sendfile64',
  'close',
] as const;

/** The socket tracepoints (Linux 6.3+) that tell a socket fd from a file without kprobes. */
export const SOCK_TRACEPOINTS = ['sock_send_length', 'sock_recv_length'] as const;

export interface TracepointState {
  readonly missingSyscalls: readonly string[];
  readonly hasSockTracepoints: boolean;
}

export function readTracepoints(tracefs: string): TracepointState {
  const syscalls = new Set(safeList(join(tracefs, 'events', 'syscalls')));
  const missingSyscalls = TRACED_SYSCALLS.flatMap((name) =>
    syscalls.has(`sys_enter_${name}`) && syscalls.has(`sys_exit_${name}`) ? [] : [name],
  );
  const sock = new Set(safeList(join(tracefs, 'events', 'sock')));
  return { missingSyscalls, hasSockTracepoints: SOCK_TRACEPOINTS.every((t) => sock.has(t)) };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
