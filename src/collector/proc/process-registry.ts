import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Endpoint, ProcessRef, StreamEvent } from '../stream/types.js';
import { parseProcStat } from './proc-files.js';
import { SocketOwners } from './sockets/socket-owners.js';
import { makeUpid } from './upid.js';

/** What px knows of a traced process; kept after it exits, so its rows keep their names. */
export interface KnownProcess {
  readonly pid: number;
  readonly comm: string;
  readonly cmdline: string;
}

/** Processes remembered at most; the least recently seen are forgotten first. */
const MAX_PROCESSES = 65_536;

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The processes behind the traffic, learned from stream events as they arrive (the kernel's
 * comm comes with eBPF events; /proc gives the command line while the process lives) and
 * which process serves each local endpoint, so a client's row can name its server.
 */
export class ProcessRegistry {
  private readonly processes = new Map<bigint, KnownProcess>();
  private readonly servers = new Map<string, bigint>();
  /** Listeners from /proc, for servers whose connections all began before capture. */
  private owners: SocketOwners | undefined;

  observe(events: readonly StreamEvent[]): void {
    for (const e of events) {
      if ((e.kind === 'open' || e.kind === 'datagram') && e.process !== undefined) {
        const upid = this.learn(e.process);
        if (e.role === 2) this.servers.set(endpointKey(e.local), upid);
      }
    }
  }

  processOf(upid: bigint): KnownProcess | undefined {
    const known = this.processes.get(upid);
    if (known !== undefined) return known;
    const pid = Number((upid >> 64n) & 0xffffffffn);
    const startTicks = Number(upid & 0xffffffffffffffffn);
    const stat = readProc(pid, 'stat');
    if (stat === undefined || parseProcStat(stat)?.startTicks !== startTicks) return undefined;
    this.learn({ pid, startTicks });
    return this.processes.get(upid);
  }

  /**
   * The upid of the process with this pid: the live one (by its start time in /proc), else
   * the last one px saw with that pid.
   */
  upidOfPid(pid: number): bigint | undefined {
    const stat = readProc(pid, 'stat');
    const startTicks = stat === undefined ? undefined : parseProcStat(stat)?.startTicks;
    if (startTicks !== undefined) return this.learn({ pid, startTicks });
    let last: bigint | undefined;
    for (const [upid, known] of this.processes) if (known.pid === pid) last = upid;
    return last;
  }

  /**
   * The upid of the process serving on addr:port: the one seen accepting there, else the one
   * /proc shows listening there (a server whose connections all predate the capture).
   */
  serverAt(addr: string, port: number): bigint | undefined {
    const seen = this.servers.get(endpointKey({ addr, port }));
    if (seen !== undefined) return seen;
    this.owners ??= new SocketOwners();
    const listener = this.owners.resolve('tcp', { addr, port }, { addr: '', port: 0 }).process;
    return listener === undefined ? undefined : this.learn(listener);
  }

  hostname(): string {
    return hostname();
  }

  private learn(process: ProcessRef): bigint {
    const upid = makeUpid(process.pid, process.startTicks);
    if (this.processes.has(upid)) return upid;
    const comm = process.comm ?? readProc(process.pid, 'comm')?.trim() ?? `pid-${process.pid}`;
    const cmdline = readProc(process.pid, 'cmdline')?.split('\0').join(' ').trim() || comm;
    if (this.processes.size >= MAX_PROCESSES) {
      const oldest = this.processes.keys().next().value;
      if (oldest !== undefined) this.processes.delete(oldest);
    }
    this.processes.set(upid, { pid: process.pid, comm, cmdline });
    return upid;
  }
}

function endpointKey(e: Endpoint): string {
  return `${e.addr}:${e.port}`;
}
