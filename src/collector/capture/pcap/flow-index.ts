/**
 * Finds a flow from its packets without making a string per packet: a number hashed from the
 * 4-tuple picks a short chain of flows, and each flow's stored 4-tuple decides exactly, so two
 * flows whose hashes collide are still told apart.
 */
import type { TransportHeader } from './transport.js';
import { u32 } from './record-format.js';

/** Which end of a flow sent a packet. */
export type Sender = 'client' | 'server';

/** A flow's 4-tuple, client first, to recognise its packets in either direction. */
export class FlowTuple {
  /** The chain the flow is kept in (the same for both directions). */
  readonly key: number;
  /** The client's address as 32-bit words, then the server's (words compare faster than bytes). */
  private readonly words: Int32Array;
  private readonly clientPort: number;
  private readonly serverPort: number;

  /** The tuple of the packet in `frame` whose headers are in `h`. */
  constructor(frame: Uint8Array, h: TransportHeader, srcIsClient: boolean) {
    const n = h.addrBytes;
    const client = srcIsClient ? h.addrAt : h.addrAt + n;
    const server = srcIsClient ? h.addrAt + n : h.addrAt;
    this.key = flowHash(frame, h);
    this.words = new Int32Array(n / 2);
    for (let i = 0; i < n / 4; i++) {
      this.words[i] = u32(frame, client + 4 * i, false);
      this.words[n / 4 + i] = u32(frame, server + 4 * i, false);
    }
    this.clientPort = srcIsClient ? h.srcPort : h.dstPort;
    this.serverPort = srcIsClient ? h.dstPort : h.srcPort;
  }

  /** Who sent the packet, when it belongs to this flow; undefined when it does not. */
  senderOf(frame: Uint8Array, h: TransportHeader): Sender | undefined {
    const n = h.addrBytes / 4;
    if (n * 2 !== this.words.length) return undefined;
    const { addrAt: src, srcPort, dstPort } = h;
    const dst = src + h.addrBytes;
    if (srcPort === this.clientPort && dstPort === this.serverPort) {
      if (this.sameAddress(frame, src, 0, n) && this.sameAddress(frame, dst, n, n)) return 'client';
    }
    if (srcPort === this.serverPort && dstPort === this.clientPort) {
      if (this.sameAddress(frame, src, n, n) && this.sameAddress(frame, dst, 0, n)) return 'server';
    }
    return undefined;
  }

  /** Whether the `n` words at frame[at] are the stored ones from words[first]. */
  private sameAddress(frame: Uint8Array, at: number, first: number, n: number): boolean {
    for (let i = 0; i < n; i++) {
      if ((u32(frame, at + 4 * i, false) | 0) !== this.words[first + i]) return false;
    }
    return true;
  }
}

/** A flow kept in a FlowIndex; the index links flows whose keys collide through `sameKeyNext`. */
export interface IndexedFlow<F> {
  readonly tuple: FlowTuple;
  sameKeyNext: F | undefined;
}

/** Flows by 4-tuple, at most one per 4-tuple. */
export class FlowIndex<F extends IndexedFlow<F>> {
  private readonly chains = new Map<number, F>();
  /** Who sent the packet of the last `find` that found its flow (so callers need not ask again). */
  foundSender: Sender = 'client';

  /** The flow of the packet in `frame` whose headers are in `h`, if it is indexed. */
  find(frame: Uint8Array, h: TransportHeader): F | undefined {
    for (let flow = this.chains.get(flowHash(frame, h)); flow !== undefined;) {
      const sender = flow.tuple.senderOf(frame, h);
      if (sender !== undefined) {
        this.foundSender = sender;
        return flow;
      }
      flow = flow.sameKeyNext;
    }
    return undefined;
  }

  /** Adds a flow whose 4-tuple is not indexed yet. */
  add(flow: F): void {
    flow.sameKeyNext = this.chains.get(flow.tuple.key);
    this.chains.set(flow.tuple.key, flow);
  }

  delete(flow: F): void {
    const key = flow.tuple.key;
    let previous: F | undefined;
    for (let at = this.chains.get(key); at !== undefined; at = at.sameKeyNext) {
      if (at === flow) {
        if (previous !== undefined) previous.sameKeyNext = flow.sameKeyNext;
        else if (flow.sameKeyNext !== undefined) this.chains.set(key, flow.sameKeyNext);
        else this.chains.delete(key);
        flow.sameKeyNext = undefined;
        return;
      }
      previous = at;
    }
  }
}

/**
 * A hash of the packet's two endpoints, the same whichever way it goes, that stays a small
 * integer (a Map key without a heap number).
 */
function flowHash(frame: Uint8Array, h: TransportHeader): number {
  const src = endpointHash(frame, h.addrAt, h.addrBytes, h.srcPort);
  const dst = endpointHash(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort);
  return (src ^ dst) & 0x3fffffff;
}

function endpointHash(frame: Uint8Array, addrAt: number, addrBytes: number, port: number): number {
  let hash = port;
  for (let at = addrAt; at < addrAt + addrBytes; at += 4) {
    hash = Math.imul(hash ^ u32(frame, at, false), 0x9e3779b1);
    hash ^= hash >>> 15;
  }
  return hash;
}
