import type { CellValue } from '../../store/index.js';
import { makeUpid } from '../proc/upid.js';
import type { TrackedConnection } from './tracked-connection.js';

/** conn_stats.protocol codes (CONN_PROTOCOLS in the schema) for the protocols px parses. */
const PROTOCOL_CODE: Readonly<Record<string, number>> = { http: 1, mysql: 3, pgsql: 5, dns: 6 };
/** A TLS connection's protocol: the one inside cannot be seen without the keys. */
const TLS_CODE = 13;

function protocolCode(conn: TrackedConnection): number {
  switch (conn.protocol.kind) {
    case 'parsing':
      return PROTOCOL_CODE[conn.protocol.spec.name] ?? 0;
    case 'tls':
      return TLS_CODE;
    default:
      return 0;
  }
}

/** Pixie samples conn_stats every 10 s. */
export const CONN_STATS_PERIOD_NS = 10_000_000_000n;

/** A key's counters from connections that have closed. */
interface ClosedTotals {
  row: Record<string, CellValue>;
  closed: number;
  bytesSent: number;
  bytesRecv: number;
  lastClosedNs: bigint;
}

/** Closed keys with nothing open are forgotten this long after their last close. */
const FORGET_AFTER_NS = 600_000_000_000n;

function identity(conn: TrackedConnection): { key: string; row: Record<string, CellValue> } {
  const { process, remote } = conn.open;
  const upid = process === undefined ? 0n : makeUpid(process.pid, process.startTicks);
  return {
    key: `${upid}|${remote.addr}|${remote.port}|${conn.role}`,
    row: {
      upid,
      remote_addr: remote.addr,
      remote_port: remote.port,
      trace_role: conn.role,
      addr_family: remote.addr.includes(':') ? 10 : remote.addr === '-' ? 0 : 2,
      protocol: protocolCode(conn),
      ssl: conn.protocol.kind === 'tls',
    },
  };
}

/**
 * conn_stats: per process, peer and role, connections opened/closed/active and bytes each
 * way, cumulative since capture began (scripts take max − min over a window).
 */
export class ConnStatsTable {
  private readonly closed = new Map<string, ClosedTotals>();

  onClose(conn: TrackedConnection, nowNs: bigint): void {
    const { key, row } = identity(conn);
    const totals = this.closed.get(key) ?? {
      row,
      closed: 0,
      bytesSent: 0,
      bytesRecv: 0,
      lastClosedNs: nowNs,
    };
    totals.closed++;
    totals.bytesSent += conn.bytesSent;
    totals.bytesRecv += conn.bytesRecv;
    totals.lastClosedNs = nowNs;
    totals.row = row;
    this.closed.set(key, totals);
  }

  /** One row per key, stamped `nowNs`, from the open connections and the closed totals. */
  sample(nowNs: bigint, open: Iterable<TrackedConnection>): Record<string, CellValue>[] {
    const live = new Map<
      string,
      { row: Record<string, CellValue>; count: number; sent: number; recv: number }
    >();
    for (const conn of open) {
      const { key, row } = identity(conn);
      const entry = live.get(key) ?? { row, count: 0, sent: 0, recv: 0 };
      entry.count++;
      entry.sent += conn.bytesSent;
      entry.recv += conn.bytesRecv;
      live.set(key, entry);
    }
    const rows: Record<string, CellValue>[] = [];
    for (const key of new Set([...live.keys(), ...this.closed.keys()])) {
      const l = live.get(key);
      const c = this.closed.get(key);
      const active = l?.count ?? 0;
      const closed = c?.closed ?? 0;
      rows.push({
        ...(l?.row ?? c?.row),
        time_: nowNs,
        conn_open: active + closed,
        conn_close: closed,
        conn_active: active,
        bytes_sent: (l?.sent ?? 0) + (c?.bytesSent ?? 0),
        bytes_recv: (l?.recv ?? 0) + (c?.bytesRecv ?? 0),
      });
      if (c !== undefined && active === 0 && nowNs - c.lastClosedNs > FORGET_AFTER_NS) {
        this.closed.delete(key);
      }
    }
    return rows;
  }
}
