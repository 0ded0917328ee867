import { describe, expect, it } from 'vitest';
import { FlowIndex, FlowTuple } from './flow-index.js';
import type { IndexedFlow } from './flow-index.js';
import { PacketHeaders } from './packet-decoder.js';

/** A frame holding just the two addresses, and headers pointing at them. */
function packet(
  src: readonly number[],
  srcPort: number,
  dst: readonly number[],
  dstPort: number,
): [Uint8Array, PacketHeaders] {
  const h = new PacketHeaders();
  h.addrAt = 2; // not at 0: positions are into a larger buffer
  h.addrBytes = src.length;
  h.srcPort = srcPort;
  h.dstPort = dstPort;
  return [new Uint8Array([9, 9, ...src, ...dst, 9]), h];
}

const V4_A = [10, 0, 0, 1];
const V4_B = [10, 0, 0, 2];
const V6_A = [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1];
const V6_B = [0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 2];

class Flow implements IndexedFlow<Flow> {
  sameKeyNext: Flow | undefined = undefined;
  constructor(
    readonly name: string,
    readonly tuple: FlowTuple,
  ) {}
}

function flowOf(name: string, [frame, h]: [Uint8Array, PacketHeaders], srcIsClient = true) {
  return new Flow(name, new FlowTuple(frame, h, srcIsClient));
}

/**
 * Two flows to V4_B:80 whose keys collide, found among pseudo-random client addresses (a key
 * has 30 bits: a collision turns up after some tens of thousands of flows).
 */
function collidingPair(): [[number[], Flow], [number[], Flow]] {
  const byKey = new Map<number, [number[], Flow]>();
  let seed = 1;
  const byte = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  for (;;) {
    const client = [byte(), byte(), byte(), byte()];
    const flow = flowOf(client.join('.'), packet(client, 40000, V4_B, 80));
    const earlier = byKey.get(flow.tuple.key);
    if (earlier !== undefined) return [earlier, [client, flow]];
    byKey.set(flow.tuple.key, [client, flow]);
  }
}

describe('FlowTuple', () => {
  it('tells the sender of either direction and rejects other flows', () => {
    for (const [a, b] of [
      [V4_A, V4_B],
      [V6_A, V6_B],
    ] as const) {
      const tuple = new FlowTuple(...packet(a, 40000, b, 80), true);
      expect(tuple.senderOf(...packet(a, 40000, b, 80))).toBe('client');
      expect(tuple.senderOf(...packet(b, 80, a, 40000))).toBe('server');
      expect(tuple.senderOf(...packet(a, 40001, b, 80))).toBeUndefined();
      expect(tuple.senderOf(...packet(b, 40000, a, 80))).toBeUndefined();
      expect(tuple.senderOf(...packet(a, 80, b, 40000))).toBeUndefined();
    }
  });

  it('orients the tuple by who the client is, and keys both directions alike', () => {
    const tuple = new FlowTuple(...packet(V4_B, 80, V4_A, 40000), false);
    expect(tuple.senderOf(...packet(V4_A, 40000, V4_B, 80))).toBe('client');
    expect(tuple.key).toBe(new FlowTuple(...packet(V4_A, 40000, V4_B, 80), true).key);
  });

  it('never takes an IPv6 packet for an IPv4 flow with the same leading bytes', () => {
    const tuple = new FlowTuple(...packet(V4_A, 1, V4_B, 2), true);
    expect(tuple.senderOf(...packet(V6_A, 1, V6_B, 2))).toBeUndefined();
  });
});

describe('FlowIndex', () => {
  it('finds each flow from packets of both directions', () => {
    const index = new FlowIndex<Flow>();
    const web = flowOf('web', packet(V4_A, 40000, V4_B, 80));
    const db = flowOf('db', packet(V6_A, 40000, V6_B, 5432));
    index.add(web);
    index.add(db);
    expect(index.find(...packet(V4_B, 80, V4_A, 40000))?.name).toBe('web');
    expect(index.find(...packet(V6_A, 40000, V6_B, 5432))?.name).toBe('db');
    expect(index.find(...packet(V4_A, 40000, V4_B, 81))).toBeUndefined();
    index.delete(web);
    expect(index.find(...packet(V4_A, 40000, V4_B, 80))).toBeUndefined();
    expect(index.find(...packet(V6_B, 5432, V6_A, 40000))?.name).toBe('db');
  });

  it('tells apart flows whose keys collide, whichever is deleted first', () => {
    const pair = collidingPair();
    const [[, first], [, second]] = pair;
    expect(first.tuple.key).toBe(second.tuple.key);
    const toServer = (client: number[]) => packet(client, 40000, V4_B, 80);
    const toClient = (client: number[]) => packet(V4_B, 80, client, 40000);
    const stranger = flowOf('stranger', packet(V4_A, 7, V4_B, 7));
    const swapped: typeof pair = [pair[1], pair[0]];
    for (const [[goneAddress, gone], [keptAddress, kept]] of [pair, swapped]) {
      const index = new FlowIndex<Flow>();
      index.add(first);
      index.add(second);
      expect(index.find(...toServer(goneAddress))).toBe(gone);
      expect(index.find(...toClient(keptAddress))).toBe(kept);
      index.delete(gone);
      expect(index.find(...toServer(goneAddress))).toBeUndefined();
      expect(index.find(...toClient(keptAddress))).toBe(kept);
      index.delete(stranger); // not indexed: nothing happens
      expect(index.find(...toServer(keptAddress))).toBe(kept);
      index.delete(kept);
      expect(index.find(...toServer(keptAddress))).toBeUndefined();
      // a deleted flow can be indexed again
      index.add(gone);
      expect(index.find(...toClient(goneAddress))).toBe(gone);
    }
  });
});
