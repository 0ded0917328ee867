import type { ConnId, Endpoint, StreamEvent, StreamRole } from '../stream/types.js';

/**
 * Which of several trackers (parser workers, or this thread) gets each event. A connection's
 * events all go to one, and so do a datagram flow's (socket and peer), so queries meet their
 * replies. Each target has a weight: its share of the connections and flows.
 *
 * A new connection goes to the target with the fewest open connections to the same service
 * (the server endpoint), relative to its weight: connections to one service carry similar
 * work, so spreading each service evenly spreads the work, where numbering alone can give
 * one worker all the heavy database connections.
 */
export class Placement {
  private readonly byConn = new Map<ConnId, Placed>();
  /** Per service: open connections on each target. */
  private readonly services = new Map<string, number[]>();

  private readonly totalWeight: number;

  /** `weights[i]`: target i's share (positive integers). */
  constructor(private readonly weights: readonly number[]) {
    this.totalWeight = weights.reduce((sum, w) => sum + w, 0);
  }

  /** Equal shares for `count` targets. */
  static even(count: number): Placement {
    return new Placement(new Array<number>(count).fill(1));
  }

  targetOf(e: StreamEvent): number {
    switch (e.kind) {
      case 'open':
        this.release(e.connId);
        return this.place(e.connId, serviceOf(e.role, e.local, e.remote), e.timeNs);
      case 'data': {
        const placed = this.byConn.get(e.connId);
        if (placed === undefined) return this.place(e.connId, '', e.timeNs);
        placed.lastSeenNs = e.timeNs;
        return placed.target;
      }
      case 'close': {
        const target = this.byConn.get(e.connId)?.target ?? e.connId % this.weights.length;
        this.release(e.connId);
        return target;
      }
      case 'datagram':
        return this.byWeight(flowHash(e.local.port, e.remote.port, e.remote.addr));
    }
  }

  /**
   * Forgets connections silent for long: by then their tracker has dropped them too (after
   * its idle timeout), and a source that never reports a close must not grow this map.
   */
  expire(nowNs: bigint): void {
    for (const [connId, placed] of this.byConn) {
      if (nowNs - placed.lastSeenNs > FORGET_AFTER_NS) this.release(connId);
    }
  }

  private place(connId: ConnId, service: string, timeNs: bigint): number {
    let open = this.services.get(service);
    if (open === undefined) {
      open = new Array<number>(this.weights.length).fill(0);
      this.services.set(service, open);
    }
    let target = 0;
    let best = Infinity;
    this.weights.forEach((weight, i) => {
      const load = ((open[i] ?? 0) + 1) / weight;
      if (load < best) [target, best] = [i, load];
    });
    open[target] = (open[target] ?? 0) + 1;
    this.byConn.set(connId, { target, service, lastSeenNs: timeNs });
    return target;
  }

  /** The target whose share of the weights `hash` falls in. */
  private byWeight(hash: number): number {
    let at = hash % this.totalWeight;
    for (let i = 0; i < this.weights.length; i++) {
      at -= this.weights[i] ?? 0;
      if (at < 0) return i;
    }
    return 0;
  }

  private release(connId: ConnId): void {
    const placed = this.byConn.get(connId);
    if (placed === undefined) return;
    this.byConn.delete(connId);
    const open = this.services.get(placed.service);
    if (open === undefined) return;
    open[placed.target] = (open[placed.target] ?? 1) - 1;
    if (open.every((n) => n === 0)) this.services.delete(placed.service);
  }
}

interface Placed {
  readonly target: number;
  readonly service: string;
  lastSeenNs: bigint;
}

/** Twice the trackers' idle timeout, so a tracker always forgets a connection first. */
const FORGET_AFTER_NS = 600_000_000_000n;

/** The server's endpoint: ours when we serve (or do not know), the peer's when we are a client. */
function serviceOf(role: StreamRole, local: Endpoint, remote: Endpoint): string {
  const server = role === 1 ? remote : local;
  return `${server.addr}/${server.port}`;
}

function flowHash(localPort: number, remotePort: number, remoteAddr: string): number {
  let h = localPort * 31 + remotePort;
  for (let i = 0; i < remoteAddr.length; i++) h = (h * 31 + remoteAddr.charCodeAt(i)) | 0;
  return Math.abs(h);
}
