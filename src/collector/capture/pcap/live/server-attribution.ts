/**
 * The enrich step between live packet capture and the tracker: each connection and datagram
 * gets the process serving it, found through /proc (a packet says nothing about processes).
 *
 * Packet rows are from the server's point of view, and without a SYN the server is a guess
 * from port numbers. /proc knows better when one end listens (TCP) or receives unconnected
 * (UDP) on this host: then that end is the server, and a backwards guess is turned round
 * (local and remote exchanged, every direction of that connection flipped).
 */
import type { ServerSide } from '../../../proc/sockets/socket-owners.js';
import type {
  ConnId,
  ConnOpen,
  Datagram,
  Direction,
  Endpoint,
  StreamEvent,
  Transport,
} from '../../../stream/types.js';

export interface ServerLookup {
  resolve(transport: Transport, local: Endpoint, remote: Endpoint): ServerSide;
}

function flip(direction: Direction): Direction {
  return direction === 'egress' ? 'ingress' : 'egress';
}

export class ServerAttribution {
  /** Open connections whose local and remote were exchanged. */
  private readonly swapped = new Set<ConnId>();

  constructor(private readonly owners: ServerLookup) {}

  enrich(events: readonly StreamEvent[]): StreamEvent[] {
    return events.map((event) => {
      switch (event.kind) {
        case 'open':
          return this.open(event);
        case 'data':
          return this.swapped.has(event.connId)
            ? { ...event, direction: flip(event.direction) }
            : event;
        case 'close':
          this.swapped.delete(event.connId);
          return event;
        case 'datagram':
          return this.datagram(event);
      }
    });
  }

  private open(event: ConnOpen): ConnOpen {
    const { swapped, process } = this.owners.resolve(event.transport, event.local, event.remote);
    if (swapped) this.swapped.add(event.connId);
    const ends = swapped ? { local: event.remote, remote: event.local } : {};
    return { ...event, ...ends, ...(process === undefined ? {} : { process }) };
  }

  private datagram(event: Datagram): Datagram {
    const { swapped, process } = this.owners.resolve('udp', event.local, event.remote);
    const turned = swapped
      ? { local: event.remote, remote: event.local, direction: flip(event.direction) }
      : {};
    return { ...event, ...turned, ...(process === undefined ? {} : { process }) };
  }
}
