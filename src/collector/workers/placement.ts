import { ServiceSpread } from '../stream/service-spread.js';
import type { ConnId, Endpoint, StreamEvent, StreamRole } from '../stream/types.js';

/**
 * Which of several trackers (parser workers, or this thread) gets each event. A connection's
 * events all go to one, and so do a datagram flow's (socket and peer), so queries meet their
 * replies.
 *
 * A new connection goes to the target with the fewest open connections to the same service
 * (the server endpoint): connections to one service carry similar work, so spreading each
 * service evenly spreads the work, where numbering alone can give one worker all the heavy
 * database connections.
 */
export class Placement {
  private readonly byConn = new Map<ConnId, Placed>();
  private readonly spread: ServiceSpread;

  constructor(private readonly targets: number) {
    this.spread = new ServiceSpread(targets);
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
        const target = this.byConn.get(e.connId)?.target ?? e.connId % this.targets;
        this.release(e.connId);
        return target;
      }
      case 'datagram':
        return flowHash(e.local.port, e.remote.port, e.remote.addr) % this.targets;
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
    const target = this.spread.place(service);
    this.byConn.set(connId, { target, service, lastSeenNs: timeNs });
    return target;
  }

  private release(connId: ConnId): void {
    const placed = this.byConn.get(connId);
    if (placed === undefined) return;
    this.byConn.delete(connId);
    this.spread.release(placed.service, placed.target);
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
