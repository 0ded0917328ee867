import type { Endpoint } from '../../stream/types.js';
import { AF_INET, AF_INET6, Endpoint as Layout } from './layout.js';

/** Reads a struct px_endpoint at `at`. IPv4-mapped IPv6 peers are shown as IPv4. */
export function readEndpoint(bytes: Uint8Array, view: DataView, at: number): Endpoint {
  const family = view.getUint16(at + Layout.family, true);
  const port = view.getUint16(at + Layout.port, true);
  const addr = bytes.subarray(at + Layout.addr, at + Layout.addr + 16);
  if (family === AF_INET) return { addr: ipv4Text(addr), port };
  if (family === AF_INET6) {
    return { addr: isV4Mapped(addr) ? ipv4Text(addr.subarray(12)) : ipv6Text(addr), port };
  }
  return { addr: '-', port };
}

function ipv4Text(bytes: Uint8Array): string {
  return `${bytes[0] ?? 0}.${bytes[1] ?? 0}.${bytes[2] ?? 0}.${bytes[3] ?? 0}`;
}

function isV4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** RFC 5952: lower-case hex, no leading zeros, the first longest run (≥ 2) of zero groups as "::". */
export function ipv6Text(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > bestLength) [bestStart, bestLength] = [i, end - i];
    i = end === i ? i + 1 : end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
