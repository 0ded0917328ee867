/**
 * /proc/<pid>/net/{tcp,tcp6,udp,udp6}: the sockets of one network namespace, one per line.
 *
 * Addresses are hex `IP:PORT`. The IP is printed as 32-bit words in the kernel's byte order
 * (one word for IPv4, four for IPv6), so on little-endian machines 127.0.0.1 reads 0100007F;
 * the port is printed as a plain number. Pure and tolerant: lines that do not parse are skipped.
 */
import { endianness } from 'node:os';
import { formatIpv4, formatIpv6 } from '../../../shared/ip-text.js';
import type { Endpoint, Transport } from '../../stream/types.js';

export interface SocketEntry {
  readonly transport: Transport;
  readonly local: Endpoint;
  /** 0.0.0.0:0 or :::0 for a listener or an unconnected UDP socket. */
  readonly remote: Endpoint;
  /** The kernel's TCP state number (UDP reuses them: 1 connected, 7 unconnected). */
  readonly state: number;
  /** The socket's inode; 0 for sockets no file holds (TIME_WAIT, not yet accepted, orphans). */
  readonly inode: number;
}

export const TCP_LISTEN = 0x0a;

const HOST_LITTLE_ENDIAN = endianness() === 'LE';
const ADDRESS = /^([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/;
/** The inode is the 10th whitespace-separated field of a socket line. */
const INODE_FIELD = 9;
const MAPPED_IPV4 = '::ffff:';

/**
 * Decodes one hex `IP:PORT`. An IPv4-mapped IPv6 address becomes plain IPv4, as packets of a
 * v4 peer of a dual-stack socket carry it.
 */
export function decodeHexEndpoint(
  text: string,
  littleEndian = HOST_LITTLE_ENDIAN,
): Endpoint | undefined {
  const match = ADDRESS.exec(text);
  if (match === null) return undefined;
  const hex = match[1] ?? '';
  const bytes = new Uint8Array(hex.length / 2);
  const view = new DataView(bytes.buffer);
  for (let word = 0; word * 8 < hex.length; word++) {
    view.setUint32(word * 4, parseInt(hex.slice(word * 8, word * 8 + 8), 16), littleEndian);
  }
  const port = parseInt(match[2] ?? '', 16);
  if (bytes.length === 4) return { addr: formatIpv4(bytes, 0), port };
  const addr = formatIpv6(bytes, 0);
  return { addr: addr.startsWith(MAPPED_IPV4) ? addr.slice(MAPPED_IPV4.length) : addr, port };
}

/** Every socket line of one table; the header line and anything malformed are skipped. */
export function parseProcNetTable(
  text: string,
  transport: Transport,
  littleEndian = HOST_LITTLE_ENDIAN,
): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (!/^\d+:$/.test(fields[0] ?? '')) continue;
    const local = decodeHexEndpoint(fields[1] ?? '', littleEndian);
    const remote = decodeHexEndpoint(fields[2] ?? '', littleEndian);
    const state = parseInt(fields[3] ?? '', 16);
    const inode = fields[INODE_FIELD] ?? '';
    if (local === undefined || remote === undefined || Number.isNaN(state)) continue;
    if (!/^\d{1,15}$/.test(inode)) continue;
    entries.push({ transport, local, remote, state, inode: Number(inode) });
  }
  return entries;
}
