import { describe, expect, it } from 'vitest';
import type { ConnOpen, StreamEvent } from '../stream/types.js';
import { Placement } from './placement.js';

function open(connId: number, serverPort: number, role: 1 | 2 = 2): ConnOpen {
  const server = { addr: '10.0.0.1', port: serverPort };
  const client = { addr: '10.0.0.2', port: 40000 + connId };
  return {
    kind: 'open',
    connId,
    timeNs: 0n,
    transport: 'tcp',
    role,
    local: role === 2 ? server : client,
    remote: role === 2 ? client : server,
  };
}

const data = (connId: number): StreamEvent => ({
  kind: 'data',
  connId,
  direction: 'ingress',
  offset: 0,
  length: 1,
  timeNs: 1n,
  data: Uint8Array.of(1),
});

describe('Placement', () => {
  it("spreads each service's connections evenly, whatever their numbering", () => {
    const placement = new Placement(2);
    // Connection ids that all share a parity: id % 2 would put every one on one worker.
    const db = [2, 4, 6, 8].map((id) => placement.targetOf(open(id, 5432)));
    const web = [10, 12].map((id) => placement.targetOf(open(id, 80)));
    expect(db.sort()).toEqual([0, 0, 1, 1]);
    expect(web.sort()).toEqual([0, 1]);
  });

  it('keeps every event of a connection on its target, and frees its place on close', () => {
    const placement = new Placement(2);
    const first = placement.targetOf(open(1, 5432));
    const second = placement.targetOf(open(2, 5432));
    expect(second).not.toBe(first);
    expect(placement.targetOf(data(1))).toBe(first);
    expect(placement.targetOf({ kind: 'close', connId: 1, timeNs: 2n })).toBe(first);
    // The closed connection's target has room again.
    expect(placement.targetOf(open(3, 5432))).toBe(first);
  });

  it('forgets connections silent far longer than a tracker keeps them', () => {
    const placement = new Placement(2);
    expect([1, 2, 3, 4].map((id) => placement.targetOf(open(id, 80)))).toEqual([0, 1, 0, 1]);
    const later = 1_000_000_000_000n;
    placement.targetOf({ ...data(1), timeNs: later });
    placement.targetOf({ ...data(3), timeNs: later });
    placement.expire(later);
    // 2 and 4 are forgotten, 1 and 3 still hold 0: the next connection goes to 1.
    expect(placement.targetOf(open(5, 80))).toBe(1);
  });

  it('groups client connections by the server they reach', () => {
    const placement = new Placement(2);
    const targets = [1, 2].map((id) => placement.targetOf(open(id, 443, 1)));
    expect(targets.sort()).toEqual([0, 1]);
  });

  it('sends both directions of a datagram flow to one target', () => {
    const placement = new Placement(3);
    const datagram = (direction: 'egress' | 'ingress', port: number): StreamEvent => ({
      kind: 'datagram',
      direction,
      timeNs: 0n,
      length: 0,
      local: { addr: '10.0.0.53', port: 53 },
      remote: { addr: '10.0.0.7', port },
      role: 2,
      data: new Uint8Array(0),
    });
    const used = new Set<number>();
    for (let port = 30000; port < 30064; port++) {
      const query = placement.targetOf(datagram('ingress', port));
      expect(placement.targetOf(datagram('egress', port))).toBe(query);
      used.add(query);
    }
    expect(used.size).toBe(3);
  });
});
