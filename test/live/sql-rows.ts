/**
 * Reads the SQL rows a live capture stored and checks them against what the clients did
 * (sql-workload.ts): per connection, every row field by field, in order, with its process,
 * addresses, role and latency (positive, or 0 for a command nothing answers), and no connection
 * more or less than expected.
 */
import { expect } from 'vitest';
import type { ProcessRegistry } from '../../src/collector/proc/process-registry.js';
import { upidPid } from '../../src/collector/proc/upid.js';
import type { Store } from '../../src/store/index.js';
import { snapshotRows } from '../support/snapshot-rows.js';
import type { ExpectedConnection, ExpectedTraffic } from './sql-workload.js';

export const CLIENT = 1;
export const SERVER = 2;
export type Role = typeof CLIENT | typeof SERVER;

/** The protocol columns the workload's expectations list, by table. */
const FIELDS = {
  pgsql_events: ['req_cmd', 'req', 'resp'],
  mysql_events: ['req_cmd', 'req_body', 'resp_status', 'resp_body'],
} as const;

export type SqlTable = keyof typeof FIELDS;

interface CapturedRow {
  readonly pid: number;
  readonly comm: string | undefined;
  readonly role: unknown;
  readonly local: readonly unknown[];
  readonly remote: readonly unknown[];
  readonly latency: number;
  readonly fields: readonly unknown[];
}

const CANONICAL = ['upid', 'trace_role', 'local_addr', 'local_port', 'remote_addr', 'remote_port'];

function capturedRows(store: Store, table: SqlTable, processes: ProcessRegistry): CapturedRow[] {
  const names = [...CANONICAL, 'latency', ...FIELDS[table]];
  return snapshotRows(store.snapshot(table), names).map((r) => {
    const [upid, role, localAddr, localPort, remoteAddr, remotePort, latency, ...fields] = r;
    return {
      pid: upidPid(upid as bigint),
      comm: processes.processOf(upid as bigint)?.comm,
      role,
      local: [localAddr, localPort],
      remote: [remoteAddr, remotePort],
      latency: Number(latency),
      fields,
    };
  });
}

/** Rows recorded by `role` on connections to `port`, keyed by the client's port. */
function byConnection(
  rows: readonly CapturedRow[],
  port: number,
  role: Role,
): Map<number, CapturedRow[]> {
  const out = new Map<number, CapturedRow[]>();
  for (const row of rows) {
    const [server, client] = role === SERVER ? [row.local, row.remote] : [row.remote, row.local];
    if (row.role !== role || server[1] !== port) continue;
    const key = Number(client[1]);
    out.set(key, [...(out.get(key) ?? []), row]);
  }
  return out;
}

/** MySQL commands the server does not answer (COM_QUIT, COM_STMT_CLOSE) have resp_status 1. */
const answered = (table: SqlTable, row: CapturedRow): boolean =>
  table !== 'mysql_events' || row.fields[2] !== 1;

function expectConnection(
  table: SqlTable,
  rows: readonly CapturedRow[] | undefined,
  conn: ExpectedConnection,
  traffic: ExpectedTraffic,
  role: Role,
): void {
  const what = `${conn.name}, as the ${role === SERVER ? 'server' : 'client'}`;
  expect
    .soft(
      rows?.map((r) => r.fields),
      what,
    )
    .toEqual(conn.rows);
  const process = role === SERVER ? { pid: conn.serverPid, comm: traffic.serverComm } : conn.client;
  for (const row of rows ?? []) {
    expect.soft({ pid: row.pid, comm: row.comm }, what).toEqual(process);
    const server = ['127.0.0.1', traffic.port];
    const client = ['127.0.0.1', conn.clientPort ?? expect.any(Number)];
    expect
      .soft([row.local, row.remote], what)
      .toEqual(role === SERVER ? [server, client] : [client, server]);
    if (answered(table, row)) expect.soft(row.latency, what).toBeGreaterThan(0);
    else expect.soft(row.latency, what).toBe(0);
  }
}

/**
 * Checks the rows `role` recorded for every expected connection to `traffic.port`; server rows
 * exist for every connection, client rows for those whose client is a traced process.
 */
export function expectRecorded(
  store: Store,
  processes: ProcessRegistry,
  table: SqlTable,
  traffic: ExpectedTraffic,
  role: Role,
): void {
  const groups = byConnection(capturedRows(store, table, processes), traffic.port, role);
  const expected = traffic.connections.filter((c) => role === SERVER || c.client !== undefined);
  const known = expected.filter((c) => c.clientPort !== undefined);
  const unknownPorts = [...groups.keys()].filter((p) => !known.some((c) => c.clientPort === p));
  for (const conn of expected) {
    const port = conn.clientPort ?? unknownPorts.shift();
    expectConnection(table, port === undefined ? undefined : groups.get(port), conn, traffic, role);
  }
  expect.soft(groups.size, `connections recorded by role ${role}`).toBe(expected.length);
}
