/**
 * The `cap` libpcap binding, typed, with its sharp edges filed off:
 *
 * - a handle must never be garbage-collected, so every one is kept: if its open() failed, its
 *   destructor stops a libuv poll handle that was never started and aborts the process; once
 *   closed, it frees a poll handle that was stopped but never uv_close()d, which libuv still
 *   links into its handle queue, and the next handle libuv links corrupts the heap (a worker
 *   that "exited unexpectedly" some time after a capture stopped);
 * - a handle is never reopened after close() (the binding then never delivers packets again
 *   and keeps the process alive), so every open gets a new one;
 * - libpcap's errors become PxErrors that say what to do (CAP_NET_RAW above all).
 *
 * The binding fixes snaplen at 65535 and promiscuous mode on, gives no per-packet timestamps
 * and exposes no pcap_stats(): callers time packets on arrival and cannot see kernel drops.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PxError } from '../../../../shared/errors.js';
import { LINKTYPE } from '../link-layer.js';

export interface CapHandle {
  open(device: string, filter: string, bufferBytes: number, buffer: Buffer): string;
  close(): boolean;
  on(event: 'packet', listener: (bytes: number, truncated: boolean) => void): void;
}

interface CapModule {
  Cap: { new (): CapHandle; deviceList(): { name: string; flags?: string }[] };
}

export class PcapUnavailableError extends PxError {
  override name = 'PcapUnavailableError';
}

const ROOT_OR_CAPABILITY =
  'run px as root (sudo), or give node the capability: ' +
  'sudo setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(command -v node)")"; ' +
  'in Kubernetes add NET_RAW to the container securityContext.capabilities';

/**
 * Every handle made: kept reachable for the life of the process (see above). They hang off
 * globalThis, not this module, so a fresh module graph in the same process (a test runner
 * reusing its worker) cannot drop them and let the garbage collector free them.
 */
const KEPT_HANDLES = Symbol.for('px.cap.keptHandles');
const keptHandles: CapHandle[] = ((globalThis as Record<symbol, CapHandle[] | undefined>)[
  KEPT_HANDLES
] ??= []);

let binding: CapModule | undefined;

function loadBinding(): CapModule {
  if (binding !== undefined) return binding;
  try {
    binding = createRequire(import.meta.url)('cap') as CapModule;
    return binding;
  } catch (error) {
    throw new PcapUnavailableError(
      'the libpcap binding (the cap package) cannot be loaded',
      'PCAP_UNAVAILABLE',
      'install libpcap (apt-get install libpcap-dev) and rebuild it with `npm rebuild cap`',
      { cause: error },
    );
  }
}

/** Interfaces libpcap can open, by name. */
export function captureDevices(): string[] {
  return loadBinding()
    .Cap.deviceList()
    .map((d) => d.name);
}

/** True when /sys says the interface is administratively up (IFF_UP). */
function isUp(name: string): boolean {
  try {
    return (Number(readFileSync(`/sys/class/net/${name}/flags`, 'utf8').trim()) & 1) === 1;
  } catch {
    return false;
  }
}

/**
 * The default interfaces: Linux's `any` (every interface, loopback included, one handle) when
 * libpcap offers it, else every interface that is up. Pseudo-devices (nflog, dbus, usbmon)
 * have no /sys/class/net entry and are left out.
 */
export function defaultInterfaces(
  devices: readonly string[] = captureDevices(),
  up: (name: string) => boolean = isUp,
): string[] {
  return devices.includes('any') ? ['any'] : devices.filter(up);
}

/** The LINKTYPE_* number of the link-type name the binding returns from open(). */
export function linkTypeNumber(name: string): number {
  switch (name) {
    case 'ETHERNET':
      return LINKTYPE.ethernet;
    case 'LINKTYPE_LINUX_SLL':
      return LINKTYPE.linuxSll;
    case 'NULL':
      return LINKTYPE.null;
    case 'RAW':
      return LINKTYPE.raw;
    default: {
      // "Unknown linktype N" carries the DLT number, equal to the LINKTYPE one for the rest
      // of what px decodes (SLL2, IPv4, IPv6, LOOP); DLT_RAW is 12 or 14 depending on the OS.
      const dlt = Number(/^Unknown linktype (\d+)$/.exec(name)?.[1] ?? -1);
      return dlt === 12 || dlt === 14 ? LINKTYPE.raw : dlt;
    }
  }
}

/** libpcap's message for a failed open, as a PxError saying what to do. */
export function explainOpenError(device: string, message: string): PcapUnavailableError {
  const detail = `libpcap: ${message}`;
  if (/operation not permitted|permission denied|not have permission/i.test(message)) {
    return new PcapUnavailableError(
      `capturing on ${device} needs CAP_NET_RAW (${detail})`,
      'PCAP_PRIVILEGES',
      ROOT_OR_CAPABILITY,
    );
  }
  if (/no such device/i.test(message)) {
    return new PcapUnavailableError(
      `there is no interface named ${device} (${detail})`,
      'PCAP_NO_SUCH_INTERFACE',
      'list the interfaces with `ip link`, or leave the interface out to capture on all of them',
    );
  }
  if (/filter/i.test(message)) {
    return new PcapUnavailableError(
      `the capture filter is not valid (${detail})`,
      'PCAP_BAD_FILTER',
      'write it in pcap-filter syntax (man 7 pcap-filter), e.g. "tcp port 80 or udp port 53"',
    );
  }
  return new PcapUnavailableError(`cannot capture on ${device} (${detail})`, 'PCAP_OPEN_FAILED');
}

export interface OpenedDevice {
  readonly handle: CapHandle;
  readonly linkType: number;
}

/**
 * Opens one interface. `buffer` receives each packet in turn (the binding reuses it), so it
 * must be at least the snap length; `kernelBufferBytes` absorbs bursts between reads.
 */
export function openDevice(
  device: string,
  filter: string,
  kernelBufferBytes: number,
  buffer: Buffer,
): OpenedDevice {
  const handle = new (loadBinding().Cap)();
  keptHandles.push(handle);
  try {
    const linkType = handle.open(device, filter, kernelBufferBytes, buffer);
    return { handle, linkType: linkTypeNumber(linkType) };
  } catch (error) {
    throw explainOpenError(device, error instanceof Error ? error.message : String(error));
  }
}
