/**
 * A snapshot of the host's sockets, indexed for the two questions attribution asks: who holds
 * the socket of this exact connection, and who listens (TCP) or receives unconnected (UDP) on
 * this endpoint. Namespaces are merged; on a clash the scanner's own namespace wins, because
 * that is where the captured packets (loopback above all) come from.
 */
import type { Endpoint, Transport } from '../../stream/types.js';
import { TCP_LISTEN, type SocketEntry } from './proc-net-table.js';
import type { ProcScan } from './proc-scan.js';

const WILDCARDS = new Set(['0.0.0.0', '::']);
const NO_PIDS: readonly number[] = [];

function endpointText(e: Endpoint): string {
  return `${e.addr}/${e.port}`;
}

function isLoopback(addr: string): boolean {
  return addr.startsWith('127.') || addr === '::1';
}

/** The inodes of the sockets on one key, all from the namespace that claimed the key first. */
interface Claim {
  readonly namespace: number;
  readonly inodes: number[];
}

export class SocketIndex {
  /** `transport local remote` → sockets of that connection. */
  private readonly connections = new Map<string, Claim>();
  /** `transport addr/port` (addr `*` for a wildcard bind) → listening sockets. */
  private readonly listeners = new Map<string, Claim>();
  /** Addresses some socket is bound to: a wildcard listener serves only these. */
  private readonly localAddresses = new Set<string>();
  private readonly holders: ProcScan['holders'];

  /** `hostAddresses`: this host's interface addresses, which wildcard listeners serve too. */
  constructor(scan: ProcScan, hostAddresses: Iterable<string> = []) {
    this.holders = scan.holders;
    for (const addr of hostAddresses) this.localAddresses.add(addr);
    scan.tables.forEach((entries, namespace) => {
      for (const entry of entries) this.add(entry, namespace);
    });
  }

  /**
   * Pids holding the socket whose local end is `local` and remote end `remote`: undefined when
   * no such socket exists, empty when it exists but no process holds it (yet, or any more).
   */
  connection(
    transport: Transport,
    local: Endpoint,
    remote: Endpoint,
  ): readonly number[] | undefined {
    const key = `${transport} ${endpointText(local)} ${endpointText(remote)}`;
    const claim = this.connections.get(key);
    return claim === undefined ? undefined : this.pidsOf(claim.inodes);
  }

  /** Pids holding a listener (or unconnected UDP socket) that receives traffic for `local`. */
  listener(transport: Transport, local: Endpoint): readonly number[] | undefined {
    const exact = this.listeners.get(`${transport} ${endpointText(local)}`);
    if (exact !== undefined) return this.pidsOf(exact.inodes);
    if (!this.localAddresses.has(local.addr) && !isLoopback(local.addr)) return undefined;
    const wildcard = this.listeners.get(`${transport} */${local.port}`);
    return wildcard === undefined ? undefined : this.pidsOf(wildcard.inodes);
  }

  private add(entry: SocketEntry, namespace: number): void {
    const { transport, local, remote } = entry;
    const wildcard = WILDCARDS.has(local.addr);
    if (!wildcard) this.localAddresses.add(local.addr);
    const listening = transport === 'tcp' ? entry.state === TCP_LISTEN : remote.port === 0;
    const key = listening
      ? `${transport} ${wildcard ? '*' : local.addr}/${local.port}`
      : `${transport} ${endpointText(local)} ${endpointText(remote)}`;
    const map = listening ? this.listeners : this.connections;
    const claim = map.get(key);
    // Sharing one endpoint is normal inside a namespace (SO_REUSEPORT listeners); across
    // namespaces it is a different socket that happens to use the same addresses.
    if (claim === undefined) map.set(key, { namespace, inodes: [entry.inode] });
    else if (claim.namespace === namespace) claim.inodes.push(entry.inode);
  }

  private pidsOf(inodes: readonly number[]): readonly number[] {
    if (inodes.length === 1) return this.holders.get(inodes[0] ?? 0) ?? NO_PIDS;
    const pids = new Set<number>();
    for (const inode of inodes) for (const pid of this.holders.get(inode) ?? NO_PIDS) pids.add(pid);
    return [...pids].sort((a, b) => a - b);
  }
}
