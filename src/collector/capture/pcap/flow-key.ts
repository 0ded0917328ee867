/** String keys for endpoints and for flows, the same whichever direction a packet goes. */
import type { Endpoint } from '../../stream/types.js';
import { u16be } from './record-format.js';
import type { TransportHeader } from './transport.js';

export function endpointKey(endpoint: Endpoint): string {
  return `${endpoint.addr}/${endpoint.port}`;
}

export function flowKey(a: Endpoint, b: Endpoint): string {
  const first = endpointKey(a);
  const second = endpointKey(b);
  return first < second ? `${first} ${second}` : `${second} ${first}`;
}

/**
 * The endpoint of the `addrBytes`-byte address at frame[addrAt] and `port`, as a short key:
 * the address two bytes per character, then the port as one. It names the same endpoint as
 * endpointKey of its text form, without formatting the address for every packet.
 */
export function endpointCode(
  frame: Uint8Array,
  addrAt: number,
  addrBytes: number,
  port: number,
): string {
  if (addrBytes === 4) {
    return String.fromCharCode(u16be(frame, addrAt), u16be(frame, addrAt + 2), port);
  }
  let code = '';
  for (let at = addrAt; at < addrAt + addrBytes; at += 2)
    code += String.fromCharCode(u16be(frame, at));
  return code + String.fromCharCode(port);
}

/** Both endpoint codes in a fixed order: the same key whichever direction a packet goes. */
export function flowCode(a: string, b: string): string {
  return a < b ? a + b : b + a;
}

/** The flow code of the packet in `frame` whose headers readPacket read into `h`. */
export function packetFlowCode(frame: Uint8Array, h: TransportHeader): string {
  return flowCode(
    endpointCode(frame, h.addrAt, h.addrBytes, h.srcPort),
    endpointCode(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort),
  );
}
