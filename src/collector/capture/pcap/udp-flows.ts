/**
 * UDP datagrams to the stream model, from the server's point of view like TCP: `local` is the
 * server, ingress = client → server. The server is chosen by the port rules of server-side.ts;
 * when both ports are equal (DNS between two resolvers on port 53, say) it is the receiver of
 * the first datagram seen on the flow, remembered so both directions agree.
 */
import { endpointCode, flowCode } from './flow-key.js';
import { destinationEndpoint, sourceEndpoint, type PacketHeaders } from './packet-decoder.js';
import { isServerByPort } from './server-side.js';
import type { Datagram } from '../../stream/types.js';

/** Equal-port flows remembered at most (oldest forgotten first). */
const MAX_REMEMBERED_FLOWS = 65_536;

export class UdpFlows {
  /** Flow code → the server endpoint's code, for flows the ports cannot decide. */
  private readonly tieServers = new Map<string, string>();

  /** The datagram in `frame`, whose headers readPacket read into `h`. */
  datagram(frame: Uint8Array, h: PacketHeaders, timeNs: bigint): Datagram {
    const src = sourceEndpoint(frame, h);
    const dst = destinationEndpoint(frame, h);
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
