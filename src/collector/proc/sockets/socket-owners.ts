/**
 * 4-tuple → the process serving it, without eBPF: /proc/<pid>/fd links and the per-namespace
 * /proc/<pid>/net tables, scanned lazily. A lookup that misses (nobody in the last scan serves
 * the connection) rescans, at most once per `minRescanMs`, since a scan reads every process's
 * fd table; a view older than `maxAgeMs` is rescanned anyway, so a reused port is not pinned on
 * its previous owner. A connection to a known listener is answered with the listener's holder
 * until `handedOver` finds the connection's own socket. What cannot be attributed (remote
 * servers, sockets already gone) simply has no process.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import type { Endpoint, ProcessRef, Transport } from '../../stream/types.js';
import type { SocketEntry } from './proc-net-table.js';
import { childPids, readNamespaceTables, scanProc, socketInodes } from './proc-scan.js';
import { SocketIndex } from './socket-index.js';

export interface SocketOwnersOptions {
  /** Least time between two scans triggered by misses. Default 1000 ms. */
  readonly minRescanMs?: number;
  /** A view older than this is rescanned at the next lookup. Default 10 s. */
  readonly maxAgeMs?: number;
  /** Default /proc (a host /proc mounted elsewhere in a container, say). */
  readonly procRoot?: string;
  /**
   * TCP table reads `handedOver` may make per second, in bursts of as many (a read walks the
   * kernel's whole connection hash: a few ms). Default 10.
   */
  readonly tableReadsPerSecond?: number;
}

/** Which end of a flow serves it, and the process behind that end when it is on this host. */
export interface ServerSide {
  /** True when /proc shows the given remote end is the server (the guess was backwards). */
  readonly swapped: boolean;
  readonly process?: ProcessRef;
  /**
   * Set when a TCP connection's own socket was not found and `process` holds its listener: the
   * connection may not be accepted yet, or be handed to a child (see `handedOver`).
   */
  readonly provisional?: true;
}

export interface SocketOwnerStats {
  scans: number;
  lookups: number;
  attributed: number;
  swapped: number;
}

interface Identity extends ProcessRef {
  readonly ppid: number;
}

/** A TCP table read this recently serves `handedOver` again (one read per batch of packets). */
const FRESH_TABLE_MS = 5;

/** Flows remembered as already rescanned for; more than this and the memory starts over. */
const MAX_TRIED_FLOWS = 65_536;

export class SocketOwners {
  readonly stats: SocketOwnerStats = { scans: 0, lookups: 0, attributed: 0, swapped: 0 };
  private readonly minRescanMs: number;
  private readonly maxAgeMs: number;
  private readonly procRoot: string;
  private readonly tableReadsPerSecond: number;
  private tableReads: { tokens: number; at: number };
  private index: SocketIndex | undefined;
  private scannedAt = 0;
  /** Identities read during the current view (pids are stable within it). */
  private identities = new Map<number, Identity | null>();
  /** Flows that missed even after a rescan: they do not trigger another until the view ages. */
  private triedFlows = new Set<string>();
  /** TCP tables `handedOver` read, by the pid they were read through, and when. */
  private tcpTables = new Map<number, { readonly at: number; readonly entries: SocketEntry[] }>();

  constructor(options: SocketOwnersOptions = {}) {
    this.minRescanMs = options.minRescanMs ?? 1000;
    this.maxAgeMs = options.maxAgeMs ?? 10_000;
    this.procRoot = options.procRoot ?? '/proc';
    this.tableReadsPerSecond = options.tableReadsPerSecond ?? 10;
    this.tableReads = { tokens: this.tableReadsPerSecond, at: Date.now() };
  }

  /**
   * Given a flow's guessed server (`local`) and client (`remote`), says whether /proc shows
   * it the other way round, and which process holds the server's socket: the one holding the
   * connection's own socket (the worker that accepted it), else the listener's.
   */
  resolve(transport: Transport, local: Endpoint, remote: Endpoint): ServerSide {
    this.stats.lookups++;
    const now = Date.now();
    let index = this.index;
    if (index === undefined || now - this.scannedAt >= this.maxAgeMs) index = this.rescan(now);
    let answer = decide(index, transport, local, remote);
    const flow = `${transport} ${local.addr}/${local.port} ${remote.addr}/${remote.port}`;
    if (answer.miss && now - this.scannedAt >= this.minRescanMs && !this.triedFlows.has(flow)) {
      answer = decide(this.rescan(now), transport, local, remote);
      if (answer.miss) this.rememberTried(flow);
    }
    const process = this.pick(answer.pids);
    if (answer.swapped) this.stats.swapped++;
    if (process === undefined) return { swapped: answer.swapped };
    this.stats.attributed++;
    return {
      swapped: answer.swapped,
      process: { pid: process.pid, startTicks: process.startTicks },
      ...(answer.fromListener && transport === 'tcp' ? { provisional: true } : {}),
    };
  }

  /**
   * The process holding a TCP connection's own socket, looked for among the holders of its
   * listener and their children only: a few fd tables instead of a full scan. A server that
   * forks per connection (PostgreSQL) hands the socket to a new child after it accepts, which
   * is after the connection opened; once the server has sent something, the socket is with
   * the process serving it. Undefined when it is with none of those, or when reads are over
   * `tableReadsPerSecond` and the last table read predates the connection (so under a high
   * connection rate some connections keep their listener's process).
   */
  handedOver(server: Endpoint, client: Endpoint): ProcessRef | undefined {
    const listeners = this.index?.listener('tcp', server) ?? [];
    const [first] = listeners;
    if (first === undefined) return undefined;
    const entry = this.tcpTable(first).find(
      (e) => e.inode !== 0 && sameEndpoint(e.local, server) && sameEndpoint(e.remote, client),
    );
    if (entry === undefined) return undefined;
    const candidates = new Set(listeners.flatMap((pid) => [pid, ...childPids(this.procRoot, pid)]));
    const holders = [...candidates].filter((pid) =>
      socketInodes(this.procRoot, pid).includes(entry.inode),
    );
    const found = this.pick(holders);
    return found === undefined ? undefined : { pid: found.pid, startTicks: found.startTicks };
  }

  /** The TCP table of `pid`'s namespace: read again unless just read or over the read rate. */
  private tcpTable(pid: number): readonly SocketEntry[] {
    const now = Date.now();
    const read = this.tcpTables.get(pid);
    if (read !== undefined && now - read.at < FRESH_TABLE_MS) return read.entries;
    if (!this.takeTableRead(now) && read !== undefined) return read.entries;
    const entries = readNamespaceTables(this.procRoot, pid, 'tcp');
    this.tcpTables.set(pid, { at: now, entries });
    return entries;
  }

  /** A token bucket of `tableReadsPerSecond`, as deep as one second's worth. */
  private takeTableRead(now: number): boolean {
    const rate = this.tableReadsPerSecond;
    const tokens = Math.min(
      rate,
      this.tableReads.tokens + ((now - this.tableReads.at) * rate) / 1000,
    );
    const allowed = tokens >= 1;
    this.tableReads = { tokens: allowed ? tokens - 1 : tokens, at: now };
    return allowed;
  }

  private rescan(now: number): SocketIndex {
    this.stats.scans++;
    this.scannedAt = now;
    this.identities = new Map();
    this.triedFlows = new Set();
    this.tcpTables = new Map();
    this.index = new SocketIndex(scanProc(this.procRoot), hostAddresses());
    return this.index;
  }

  private rememberTried(flow: string): void {
    if (this.triedFlows.size >= MAX_TRIED_FLOWS) this.triedFlows.clear();
    this.triedFlows.add(flow);
  }

  /**
   * One process among a socket's holders. Prefork servers (nginx, Apache, gunicorn) share the
   * listener between a parent and its workers, and the workers accept: prefer a holder whose
   * parent holds it too.
   */
  private pick(pids: readonly number[]): Identity | undefined {
    const identities = pids.flatMap((pid) => this.identity(pid) ?? []);
    const holders = new Set(pids);
    return identities.find((p) => holders.has(p.ppid)) ?? identities[0];
  }

  private identity(pid: number): Identity | undefined {
    let known = this.identities.get(pid);
    if (known === undefined) {
      known = readIdentity(this.procRoot, pid) ?? null;
      this.identities.set(pid, known);
    }
    return known ?? undefined;
  }
}

interface Decision {
  readonly swapped: boolean;
  readonly pids: readonly number[];
  /** The pids hold the listener: the connection's own socket was not found. */
  readonly fromListener: boolean;
  /** Worth a rescan: nobody on this host serves the connection, as far as the view knows. */
  readonly miss: boolean;
}

function decide(index: SocketIndex, t: Transport, local: Endpoint, remote: Endpoint): Decision {
  // The server is the end with a listener (TCP) or an unconnected socket (UDP); the port-based
  // guess is kept unless only the other end has one.
  const swapped = index.listener(t, remote) !== undefined && index.listener(t, local) === undefined;
  const [server, client] = swapped ? [remote, local] : [local, remote];
  const own = index.connection(t, server, client);
  const fromListener = own === undefined || own.length === 0;
  const pids = fromListener ? (index.listener(t, server) ?? []) : own;
  // A connection newer than the view, to a listener the view knows, is not worth a full scan:
  // it is usually not accepted yet, and `handedOver` finds its socket later at a fraction of
  // the cost.
  return { swapped, pids, fromListener, miss: pids.length === 0 };
}

function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.port === b.port && a.addr === b.addr;
}

/** The host's interface addresses (our namespace): wildcard listeners serve them. */
export function hostAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) =>
    (list ?? []).map((info) => info.address.replace(/%.*$/, '')),
  );
}

/** ppid (field 4) and start time (field 22) of /proc/<pid>/stat; comm may contain ')'. */
function readIdentity(procRoot: string, pid: number): Identity | undefined {
  let text: string;
  try {
    text = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  if (fields.length < 20) return undefined;
  const ppid = Number(fields[1]);
  const startTicks = Number(fields[19]);
  if (!Number.isSafeInteger(ppid) || !Number.isSafeInteger(startTicks)) return undefined;
  return { pid, ppid, startTicks };
}
