/**
 * UDP datagrams to the stream model, from the server's point of view like TCP: `local` is the
 * server, ingress = client → server. The server is chosen by the port rules of server-side.ts;
 * when both ports are equal (DNS between two resolvers on port 53, say) it is the receiver of
 * the first datagram seen on the flow, remembered so both directions agree.
 */
import { endpointKey, flowKey } from './flow-key.js';
import type { UdpPacket } from './packet-decoder.js';
import { isServerByPort } from './server-side.js';
import type { Datagram, Endpoint } from '../../stream/types.js';

/** Equal-port flows remembered at most (oldest forgotten first). */
const MAX_REMEMBERED_FLOWS = 65_536;

export class UdpFlows {
  /** Flow key → the server endpoint's key, for flows the ports cannot decide. */
  private readonly tieServers = new Map<string, string>();

  datagram(packet: UdpPacket): Datagram {
    const srcIsServer = this.srcIsServer(packet.src, packet.dst);
    const [server, client] = srcIsServer ? [packet.src, packet.dst] : [packet.dst, packet.src];
    return {
      kind: 'datagram',
      direction: srcIsServer ? 'egress' : 'ingress',
      timeNs: packet.timeNs,
      length: packet.payloadLength,
      local: server,
      remote: client,
      role: 2,
      data: packet.payload,
    };
  }

  private srcIsServer(src: Endpoint, dst: Endpoint): boolean {
    const byPort = isServerByPort(src, dst);
    if (byPort !== undefined) return byPort;
    const srcKey = endpointKey(src);
    const dstKey = endpointKey(dst);
    const flow = flowKey(src, dst);
    let server = this.tieServers.get(flow);
    if (server === undefined) {
      server = dstKey;
      if (this.tieServers.size >= MAX_REMEMBERED_FLOWS) {
        const oldest = this.tieServers.keys().next().value;
        if (oldest !== undefined) this.tieServers.delete(oldest);
      }
      this.tieServers.set(flow, server);
    }
    return server === srcKey;
  }
}
