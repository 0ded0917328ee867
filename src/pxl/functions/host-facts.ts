import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces, release } from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * What a query may learn about the machine it runs on: the facts Pixie's agent reports about
 * its node (GetAgentStatus, vizier_id) and what turns a upid's start ticks into a time. px is
 * one agent on one host, so these describe the host running the query. Every read is guarded:
 * a missing file gives the documented fallback, never an exception.
 */

/** Linux reports process start times in /proc in USER_HZ ticks, 100 per second on every ABI px runs on. */
const TICK_NS = 10_000_000n;

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function hostName(): string {
  return hostname();
}

let machine: string | undefined;

/**
 * The host's 128-bit identity as 32 hex digits: systemd's machine id, else a hash of the host
 * name (stable for the host, if not unique across hosts).
 */
export function machineId(): string {
  machine ??=
    [readText('/etc/machine-id'), readText('/var/lib/dbus/machine-id')]
      .map((text) => text?.trim().toLowerCase())
      .find((id) => id !== undefined && /^[0-9a-f]{32}$/.test(id)) ??
    createHash('md5').update(hostname()).digest('hex');
  return machine;
}

let boot: bigint | null | undefined;

/** When the host booted, Unix ns (`btime` of /proc/stat); undefined when unreadable. */
export function bootTimeNs(): bigint | undefined {
  if (boot === undefined) {
    const seconds = /^btime (\d+)$/m.exec(readText('/proc/stat') ?? '')?.[1];
    boot = seconds === undefined ? null : BigInt(seconds) * 1_000_000_000n;
  }
  return boot ?? undefined;
}

/** A process start time given in clock ticks since boot (as upids hold it), as Unix ns. */
export function ticksToTimeNs(ticks: bigint): bigint | undefined {
  const booted = bootTimeNs();
  return booted === undefined ? undefined : booted + ticks * TICK_NS;
}

/** When this px process started, Unix ns: the creation time of px's one agent. */
export function agentStartNs(): bigint {
  return BigInt(Math.round(performance.timeOrigin * 1e6));
}

/** The interface of the default route, from /proc/net/route (destination 00000000). */
function defaultRouteInterface(): string | undefined {
  const lines = (readText('/proc/net/route') ?? '').split('\n').slice(1);
  return lines
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[1] === '00000000')?.[0];
}

/** Addresses change rarely; a lookup per process would read /proc/net/route each time. */
const ADDRESS_TTL_MS = 10_000;
let address: { readonly value: string; readonly at: number } | undefined;

/**
 * The host's address as other machines see it: the IPv4 address of the default route's
 * interface, else the first non-loopback IPv4, else IPv6, else 127.0.0.1.
 */
export function primaryAddress(): string {
  const now = Date.now();
  if (address === undefined || now - address.at > ADDRESS_TTL_MS) {
    address = { value: findPrimaryAddress(), at: now };
  }
  return address.value;
}

function findPrimaryAddress(): string {
  const interfaces = networkInterfaces();
  const routed = interfaces[defaultRouteInterface() ?? ''] ?? [];
  const external = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal);
  const candidates = [
    ...routed.filter((a) => a.family === 'IPv4' && !a.internal),
    ...external.filter((a) => a.family === 'IPv4'),
    ...external.filter((a) => a.family === 'IPv6' && !a.address.startsWith('fe80')),
  ];
  return candidates[0]?.address ?? '127.0.0.1';
}

/** Whether headers for the running kernel are installed, where Pixie's agent looks for them. */
export function kernelHeadersInstalled(): boolean {
  const kernel = release();
  return [`/lib/modules/${kernel}/build`, `/usr/src/linux-headers-${kernel}`].some((path) =>
    existsSync(path),
  );
}
