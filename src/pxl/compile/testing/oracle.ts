import type { ScalarValue } from '../../plan/types.js';
import { PIDS, upidOf } from './course-data.js';

/**
 * The course data set's questions answered the plain way, written apart from the compiler:
 * which process a upid is, what it is called, who served a request.
 */
const PROCESSES = new Map<bigint, { comm: string; pid: number; container?: string }>([
  [upidOf(PIDS.nginx), { comm: 'nginx', pid: PIDS.nginx }],
  [upidOf(PIDS.api), { comm: 'api', pid: PIDS.api, container: 'api-7f9c' }],
  [upidOf(PIDS.payments), { comm: 'payments', pid: PIDS.payments }],
  [upidOf(PIDS.postgres), { comm: 'postgres', pid: PIDS.postgres }],
  [upidOf(PIDS.dnsmasq), { comm: 'dnsmasq', pid: PIDS.dnsmasq }],
]);

const LISTENERS = new Map([
  ['10.0.0.31:9000', 'host/payments'],
  ['127.0.0.53:53', 'host/dnsmasq'],
]);

export interface Traced {
  readonly upid: bigint;
  readonly trace_role: number;
  readonly local_addr: string;
  readonly local_port: number;
  readonly remote_addr?: string;
  readonly remote_port?: number;
}

function serverEndpoint(row: Traced): string {
  return row.trace_role === 1
    ? `${row.remote_addr ?? ''}:${row.remote_port ?? 0}`
    : `${row.local_addr}:${row.local_port}`;
}

/** df.ctx['service']: the observing process; a capture row (upid 0) is named by its server. */
export function ctxService(row: Traced): string {
  const p = PROCESSES.get(row.upid);
  if (p !== undefined) return `host/${p.comm}`;
  return row.upid === 0n ? (LISTENERS.get(serverEndpoint(row)) ?? serverEndpoint(row)) : '';
}

export function ctxPod(row: Traced): string {
  const p = PROCESSES.get(row.upid);
  if (p !== undefined) return `host/${p.container ?? `${p.comm}-${p.pid}`}`;
  return row.upid === 0n ? serverEndpoint(row) : '';
}

/** The course's df.service: whoever served the request. */
export function servedService(row: Traced): string {
  if (row.trace_role !== 1) return ctxService(row);
  return LISTENERS.get(serverEndpoint(row)) ?? serverEndpoint(row);
}

/** px.pod_id_to_pod_name(px.ip_to_pod_id(ip)), else px.nslookup(ip). */
export function requestorOf(ip: string): string {
  if (ip === '10.0.0.11') return 'host/api-7f9c';
  return ip === '10.0.0.30' ? 'partner.example.com' : ip;
}

export interface Group<T> {
  readonly key: readonly ScalarValue[];
  readonly rows: T[];
}

export function groupBy<T>(
  rows: readonly T[],
  key: (row: T) => readonly ScalarValue[],
): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const row of rows) {
    const k = key(row);
    const id = JSON.stringify(k, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    const group = groups.get(id) ?? { key: k, rows: [] };
    group.rows.push(row);
    groups.set(id, group);
  }
  return [...groups.values()];
}

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Linear interpolation between the ranks around q(n-1) (numpy's default). */
export function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const a = sorted[low] as number;
  const b = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return a + (b - a) * (rank - low);
}
