/**
 * The enrich step between live packet capture and the tracker: each connection and datagram
 * gets the process serving it, found through /proc (a packet says nothing about processes).
 *
 * Packet rows are from the server's point of view, and without a SYN the server is a guess
 * from port numbers. /proc knows better when one end listens (TCP) or receives unconnected
 * (UDP) on this host: then that end is the server, and a backwards guess is turned round
 * (local and remote exchanged, every direction of that connection flipped).
 *
 * A connection opens before the server accepts it, so its own socket is often not in /proc
 * yet and only the listener's holder is known; a server that forks per connection (PostgreSQL)
 * then serves it from a child that does not exist yet. Such a connection's events are held
 * until the server first sends (it has accepted by then), the connection closes, or a small
 * limit is reached, and its process is looked up again then.
 */
import type { ServerSide } from '../../../proc/sockets/socket-owners.js';
import type {
  ConnId,
  ConnOpen,
  Datagram,
  DataChunk,
  Direction,
  Endpoint,
  ProcessRef,
  StreamEvent,
  Transport,
} from '../../../stream/types.js';

export interface ServerLookup {
  resolve(transport: Transport, local: Endpoint, remote: Endpoint): ServerSide;
  /** The process holding the TCP connection's own socket now, if /proc shows one. */
  handedOver(server: Endpoint, client: Endpoint): ProcessRef | undefined;
}

/** Held data per connection before it is released with its listener's process. */
const MAX_HELD_BYTES = 16 * 1024;
/** Connections held at once; beyond this, new ones keep the listener's process. */
const MAX_HELD_CONNECTIONS = 1024;

interface Held {
  readonly open: ConnOpen;
  readonly events: DataChunk[];
  bytes: number;
}

function flip(direction: Direction): Direction {
  return direction === 'egress' ? 'ingress' : 'egress';
}

export class ServerAttribution {
  /** Open connections whose local and remote were exchanged. */
  private readonly swapped = new Set<ConnId>();
  /** Connections whose process is not settled yet, with their events so far. */
  private readonly held = new Map<ConnId, Held>();

  constructor(private readonly owners: ServerLookup) {}

  enrich(events: readonly StreamEvent[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const event of events) {
      switch (event.kind) {
        case 'open':
          this.open(event, out);
          break;
        case 'data':
          this.data(event, out);
          break;
        case 'close':
          this.release(event.connId, out);
          this.swapped.delete(event.connId);
          out.push(event);
          break;
        case 'datagram':
          out.push(this.datagram(event));
          break;
      }
    }
    return out;
  }

  private open(event: ConnOpen, out: StreamEvent[]): void {
    const { swapped, process, provisional } = this.owners.resolve(
      event.transport,
      event.local,
      event.remote,
    );
    if (swapped) this.swapped.add(event.connId);
    const ends = swapped ? { local: event.remote, remote: event.local } : {};
    const open = { ...event, ...ends, ...(process === undefined ? {} : { process }) };
    if (provisional === true && this.held.size < MAX_HELD_CONNECTIONS) {
      this.held.set(event.connId, { open, events: [], bytes: 0 });
    } else {
      out.push(open);
    }
  }

  private data(event: DataChunk, out: StreamEvent[]): void {
    const chunk = this.swapped.has(event.connId)
      ? { ...event, direction: flip(event.direction) }
      : event;
    const held = this.held.get(event.connId);
    if (held === undefined) {
      out.push(chunk);
      return;
    }
    held.events.push(chunk);
    held.bytes += chunk.data.length;
    if (chunk.direction === 'egress' || held.bytes >= MAX_HELD_BYTES) {
      this.release(event.connId, out);
    }
  }

  /** Emits a held connection's open, with the process serving it now, and its events. */
  private release(connId: ConnId, out: StreamEvent[]): void {
    const held = this.held.get(connId);
    if (held === undefined) return;
    this.held.delete(connId);
    const process = this.owners.handedOver(held.open.local, held.open.remote);
    out.push(process === undefined ? held.open : { ...held.open, process }, ...held.events);
  }

  private datagram(event: Datagram): Datagram {
    const { swapped, process } = this.owners.resolve('udp', event.local, event.remote);
    const turned = swapped
      ? { local: event.remote, remote: event.local, direction: flip(event.direction) }
      : {};
    return { ...event, ...turned, ...(process === undefined ? {} : { process }) };
  }
}
