import { formatIpv4, formatIpv6 } from '../../../shared/ip-text.js';
import type { Endpoint } from '../../stream/types.js';
import { AF_INET, AF_INET6, Endpoint as Layout } from './layout.js';

/**
 * Reads a struct px_endpoint at `at`. IPv4-mapped IPv6 peers (dual-stack sockets) are shown as
 * IPv4, so the same client reads the same whichever socket family served it.
 */
export function readEndpoint(bytes: Uint8Array, view: DataView, at: number): Endpoint {
  const family = view.getUint16(at + Layout.family, true);
  const port = view.getUint16(at + Layout.port, true);
  const addr = bytes.subarray(at + Layout.addr, at + Layout.addr + 16);
  if (family === AF_INET) return { addr: formatIpv4(addr, 0), port };
  if (family === AF_INET6) {
    return { addr: isV4Mapped(addr) ? formatIpv4(addr, 12) : formatIpv6(addr, 0), port };
  }
  return { addr: '-', port };
}

function isV4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}
