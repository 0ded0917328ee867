/**
 * UDP datagrams to the stream model, from the server's point of view like TCP: `local` is the
 * server, ingress = client → server. The server is chosen by the port rules of server-side.ts;
 * when both ports are equal (DNS between two resolvers on port 53, say) it is the receiver of
 * the first datagram seen on the flow, remembered so both directions agree.
 */
import { endpointCode, flowCode } from './flow-key.js';
import { addressText } from './ip.js';
import type { PacketHeaders } from './packet-decoder.js';
import { isServerByPort } from './server-side.js';
import type { Datagram, Endpoint } from '../../stream/types.js';

/** Equal-port flows remembered at most (oldest forgotten first). */
const MAX_REMEMBERED_FLOWS = 65_536;

export class UdpFlows {
  /** Flow code → the server endpoint's code, for flows the ports cannot decide. */
  private readonly tieServers = new Map<string, string>();
  private readonly endpoints = new Endpoints();

  /** The datagram in `frame`, whose headers readPacket read into `h`. */
  datagram(frame: Uint8Array, h: PacketHeaders, timeNs: bigint): Datagram {
    const src = this.endpoints.of(frame, h.addrAt, h.addrBytes, h.srcPort);
    const dst = this.endpoints.of(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort);
    const srcIsServer = isServerByPort(src, dst) ?? this.srcIsTieServer(frame, h);
    return {
      kind: 'datagram',
      direction: srcIsServer ? 'egress' : 'ingress',
      timeNs,
      length: h.payloadLength,
      local: srcIsServer ? src : dst,
      remote: srcIsServer ? dst : src,
      role: 2,
      data: frame.subarray(h.payloadStart, h.payloadEnd),
    };
  }

  private srcIsTieServer(frame: Uint8Array, h: PacketHeaders): boolean {
    const srcCode = endpointCode(frame, h.addrAt, h.addrBytes, h.srcPort);
    const dstCode = endpointCode(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort);
    const flow = flowCode(srcCode, dstCode);
    let server = this.tieServers.get(flow);
    if (server === undefined) {
      server = dstCode;
      if (this.tieServers.size >= MAX_REMEMBERED_FLOWS) {
        const oldest = this.tieServers.keys().next().value;
        if (oldest !== undefined) this.tieServers.delete(oldest);
      }
      this.tieServers.set(flow, server);
    }
    return server === srcCode;
  }
}

/** Slots of the endpoint cache, picked by the port's low bits. */
const ENDPOINT_SLOTS = 4096;

/**
 * Recent endpoints, one per slot, shared by the datagrams that name them (endpoints are
 * immutable): a server's endpoint repeats in every datagram, and a client's comes back in the
 * reply, so most datagrams make no endpoint object.
 */
class Endpoints {
  private readonly slots = new Array<Endpoint | undefined>(ENDPOINT_SLOTS).fill(undefined);

  of(frame: Uint8Array, addrAt: number, addrBytes: number, port: number): Endpoint {
    const addr = addressText(frame, addrAt, addrBytes);
    const slot = port & (ENDPOINT_SLOTS - 1);
    const last = this.slots[slot];
    if (last !== undefined && last.port === port && last.addr === addr) return last;
    const endpoint = { addr, port };
    this.slots[slot] = endpoint;
    return endpoint;
  }
}
