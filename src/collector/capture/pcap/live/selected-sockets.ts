/**
 * The sockets of the processes a capture filter selects (by pid or by name), read from /proc:
 * their fd links and the socket tables of their network namespaces. Only the selected
 * processes' fds are read, so a scan stays cheap on a busy node; the namespace tables are read
 * whole (once per namespace). Processes that vanish or deny access mid-scan are skipped;
 * nothing here throws.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readNamespaceTables, socketInodes } from '../../../proc/sockets/proc-scan.js';
import { hostAddresses } from '../../../proc/sockets/socket-owners.js';
import { SocketIndex } from '../../../proc/sockets/socket-index.js';
import type { Endpoint, Transport } from '../../../stream/types.js';

export interface ProcessSelector {
  readonly pids: ReadonlySet<number>;
  /** Names as /proc/<pid>/comm shows them. */
  readonly names: ReadonlySet<string>;
}

function tryRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Pids of the selected processes (gone ones hold nothing). Names need every process's comm. */
function selectedPids(selector: ProcessSelector, procRoot: string): number[] {
  if (selector.names.size === 0) return [...selector.pids];
  const names = tryRead(() => readdirSync(procRoot)) ?? [];
  return names.flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    const pid = Number(name);
    if (selector.pids.has(pid)) return [pid];
    const comm = tryRead(() => readFileSync(`${procRoot}/${pid}/comm`, 'utf8'));
    return comm !== undefined && selector.names.has(comm.replace(/\n$/, '')) ? [pid] : [];
  });
}

/** What the selected processes held at the time of one scan. */
export class SelectedSockets {
  private constructor(private readonly index: SocketIndex) {}

  /** Scans /proc now. */
  static scan(selector: ProcessSelector, procRoot = '/proc'): SelectedSockets {
    const holders = new Map<number, number[]>();
    const ownNamespace = tryRead(() => readlinkSync(`${procRoot}/self/ns/net`));
    const namespaces = new Map<string, number>();
    for (const pid of selectedPids(selector, procRoot)) {
      for (const inode of socketInodes(procRoot, pid)) {
        const pids = holders.get(inode);
        if (pids === undefined) holders.set(inode, [pid]);
        else pids.push(pid);
      }
      const namespace = tryRead(() => readlinkSync(`${procRoot}/${pid}/ns/net`));
      if (namespace !== undefined && namespace !== ownNamespace && !namespaces.has(namespace)) {
        namespaces.set(namespace, pid);
      }
    }
    const tables = [readNamespaceTables(procRoot, 'self')];
    for (const pid of namespaces.values()) tables.push(readNamespaceTables(procRoot, pid));
    return new SelectedSockets(new SocketIndex({ holders, tables }, hostAddresses()));
  }

  /**
   * Whether a selected process holds either end of the flow between `a` and `b`: the socket of
   * the connection itself, or the listener (or unconnected UDP socket) it arrives on, which is
   * all there is of the server's end until the connection is accepted.
   */
  holds(transport: Transport, a: Endpoint, b: Endpoint): boolean {
    const held = (pids: readonly number[] | undefined): boolean =>
      pids !== undefined && pids.length > 0;
    const ix = this.index;
    return (
      held(ix.connection(transport, a, b)) ||
      held(ix.connection(transport, b, a)) ||
      held(ix.listener(transport, a)) ||
      held(ix.listener(transport, b))
    );
  }
}
