/**
 * One pass over /proc: which processes hold which socket inodes (their fd links read
 * `socket:[inode]`), and the socket tables of every network namespace those processes live in.
 * Processes that vanish or deny access mid-scan are skipped; nothing here throws.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Transport } from '../../stream/types.js';
import { parseProcNetTable, type SocketEntry } from './proc-net-table.js';

export interface ProcScan {
  /** Socket inode → the pids holding it, ascending. One inode may have many holders (fork). */
  readonly holders: ReadonlyMap<number, readonly number[]>;
  /** The socket tables of each network namespace, the scanner's own namespace first. */
  readonly tables: readonly (readonly SocketEntry[])[];
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;
const TABLES: readonly (readonly [file: string, transport: Transport])[] = [
  ['tcp', 'tcp'],
  ['tcp6', 'tcp'],
  ['udp', 'udp'],
  ['udp6', 'udp'],
];

function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The pids in /proc, ascending (threads are not listed there, only thread-group leaders). */
function listPids(procRoot: string): number[] {
  const names = tryRead(() => readdirSync(procRoot)) ?? [];
  return names
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The inodes of the sockets `pid` holds (its fd links that read `socket:[inode]`). */
export function socketInodes(procRoot: string, pid: number): number[] {
  const dir = `${procRoot}/${pid}/fd`;
  const inodes: number[] = [];
  for (const fd of tryRead(() => readdirSync(dir)) ?? []) {
    const match = SOCKET_LINK.exec(tryRead(() => readlinkSync(`${dir}/${fd}`)) ?? '');
    if (match !== null) inodes.push(Number(match[1]));
  }
  return inodes;
}

/** The children of `pid`, from each of its threads' `children` list (empty if unreadable). */
export function childPids(procRoot: string, pid: number): number[] {
  const tasks = tryRead(() => readdirSync(`${procRoot}/${pid}/task`)) ?? [];
  return tasks.flatMap((tid) => {
    const text = tryRead(() => readFileSync(`${procRoot}/${pid}/task/${tid}/children`, 'utf8'));
    return (text ?? '')
      .split(' ')
      .filter((word) => /^\d+$/.test(word))
      .map(Number);
  });
}

/** The socket tables (all four, or one transport's two) of the namespace `pid` lives in. */
export function readNamespaceTables(
  procRoot: string,
  pid: number | 'self',
  only?: Transport,
): SocketEntry[] {
  const tables = only === undefined ? TABLES : TABLES.filter(([, t]) => t === only);
  return tables.flatMap(([file, transport]) => {
    const text = tryRead(() => readFileSync(`${procRoot}/${pid}/net/${file}`, 'utf8'));
    return text === undefined ? [] : parseProcNetTable(text, transport);
  });
}

export function scanProc(procRoot = '/proc'): ProcScan {
  const holders = new Map<number, number[]>();
  const ownNamespace = tryRead(() => readlinkSync(`${procRoot}/self/ns/net`));
  /** Namespace → one member pid, to read that namespace's tables through. */
  const namespaces = new Map<string, number>();
  for (const pid of listPids(procRoot)) {
    const inodes = socketInodes(procRoot, pid);
    if (inodes.length === 0) continue;
    for (const inode of inodes) {
      const pids = holders.get(inode);
      if (pids === undefined) holders.set(inode, [pid]);
      else if (pids[pids.length - 1] !== pid) pids.push(pid);
    }
    const namespace = tryRead(() => readlinkSync(`${procRoot}/${pid}/ns/net`));
    if (namespace !== undefined && namespace !== ownNamespace && !namespaces.has(namespace)) {
      namespaces.set(namespace, pid);
    }
  }
  const tables = [readNamespaceTables(procRoot, 'self')];
  for (const pid of namespaces.values()) tables.push(readNamespaceTables(procRoot, pid));
  return { holders, tables };
}
