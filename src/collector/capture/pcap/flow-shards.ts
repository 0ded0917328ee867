/**
 * Splits one capture file's flows between several readers of the same file: each reader
 * decodes every frame's headers but reassembles and parses only the flows its shard owns, so
 * threads share the work without passing packets between them.
 *
 * Every reader runs its own FlowShards over the same frames in the same order, and every
 * decision depends only on those frames, so all readers agree on each flow's owner without
 * talking to each other.
 */
import { ServiceSpread } from '../../stream/service-spread.js';
import { endpointCode } from './flow-key.js';
import type { PacketHeaders } from './packet-decoder.js';
import { isServerByPort } from './server-side.js';

/** What a capture decoder asks of a shard: keep this TCP segment or UDP datagram? */
export interface ShardFilter {
  owns(frame: Uint8Array, h: PacketHeaders, timeNs: bigint): boolean;
}

interface Owned {
  readonly shard: number;
  readonly service: string;
  lastSeenNs: bigint;
}

/**
 * Flows quiet this long (capture time) are forgotten, so memory stays bounded on captures
 * with millions of flows: twice TCP reassembly's idle timeout, by which time reassembly has
 * closed the connection, so a flow that comes back is a new connection anyway.
 */
const FORGET_AFTER_NS = 600_000_000_000n;
/** Quiet flows are looked for once per this many packets (a count, so every reader agrees). */
const SWEEP_EVERY_PACKETS = 65_536;

/** A new flow goes to a shard service by service (see ServiceSpread). */
export class FlowShards {
  private readonly owners = new Map<number, Owned>();
  private readonly spread: ServiceSpread;
  private packets = 0;

  constructor(shards: number) {
    this.spread = new ServiceSpread(shards);
  }

  /** The filter that keeps shard `index`'s flows. */
  filter(index: number): ShardFilter {
    return { owns: (frame, h, timeNs) => this.ownerOf(frame, h, timeNs) === index };
  }

  /** The shard owning the flow of this packet, whose headers readPacket read into `h`. */
  ownerOf(frame: Uint8Array, h: PacketHeaders, timeNs: bigint): number {
    if (++this.packets % SWEEP_EVERY_PACKETS === 0) this.forgetQuiet(timeNs);
    const src = endpointHash(frame, h.addrAt, h.addrBytes, h.srcPort);
    const dst = endpointHash(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort);
    // Flows are keyed by a hash, not by their addresses: two flows that collide share an owner,
    // which every reader agrees on too, and a number key costs no string per packet.
    const flow = (Math.imul(Math.min(src, dst), 0x9e3779b1) ^ Math.max(src, dst) ^ h.protocol) | 0;
    let owned = this.owners.get(flow);
    if (owned === undefined) {
      const service = serviceOf(frame, h);
      owned = { shard: this.spread.place(service), service, lastSeenNs: timeNs };
      this.owners.set(flow, owned);
    }
    owned.lastSeenNs = timeNs;
    return owned.shard;
  }

  private forgetQuiet(nowNs: bigint): void {
    for (const [flow, owned] of this.owners) {
      if (nowNs - owned.lastSeenNs <= FORGET_AFTER_NS) continue;
      this.owners.delete(flow);
      this.spread.release(owned.service, owned.shard);
    }
  }
}

/** The server endpoint of the packet's flow, by the port rules (the lower code on a tie). */
function serviceOf(frame: Uint8Array, h: PacketHeaders): string {
  const src = endpointCode(frame, h.addrAt, h.addrBytes, h.srcPort);
  const dst = endpointCode(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort);
  const srcIsServer = isServerByPort({ addr: '', port: h.srcPort }, { addr: '', port: h.dstPort });
  return (srcIsServer ?? src < dst) ? src : dst;
}

/** FNV-1a over an endpoint's address bytes and port. */
function endpointHash(frame: Uint8Array, addrAt: number, addrBytes: number, port: number): number {
  let hash = 0x811c9dc5;
  for (let at = addrAt; at < addrAt + addrBytes; at++) {
    hash = Math.imul(hash ^ (frame[at] ?? 0), 0x01000193);
  }
  return Math.imul(hash ^ port, 0x01000193) >>> 0;
}
