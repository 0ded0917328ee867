import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseProcStat } from '../../src/collector/proc/proc-files.js';
import { ProcessRegistry } from '../../src/collector/proc/process-registry.js';
import { makeUpid } from '../../src/collector/proc/upid.js';

function startTicks(pid: number): number {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.startTicks ?? -1;
}

describe('ProcessRegistry', () => {
  it('learns a process from an event and remembers it after it exits', async () => {
    const child = spawn('sleep', ['30']);
    const pid = child.pid ?? -1;
    await new Promise((resolve) => setTimeout(resolve, 50)); // let exec replace the fork
    const process = { pid, startTicks: startTicks(pid) };
    const registry = new ProcessRegistry();
    registry.observe([
      {
        kind: 'open',
        connId: 1,
        timeNs: 1n,
        transport: 'tcp',
        role: 2,
        local: { addr: '127.0.0.1', port: 8080 },
        remote: { addr: '127.0.0.1', port: 40000 },
        process,
      },
    ]);
    const upid = makeUpid(pid, process.startTicks);
    child.kill();
    await new Promise((resolve) => child.on('exit', resolve));
    expect(registry.processOf(upid)).toEqual({ pid, comm: 'sleep', cmdline: 'sleep 30' });
    expect(registry.serverAt('127.0.0.1', 8080)).toBe(upid);
    expect(registry.serverAt('192.0.2.1', 8080)).toBeUndefined(); // TEST-NET: never local
    // Gone from /proc, its pid still leads to the process px saw.
    expect(registry.upidOfPid(pid)).toBe(upid);
  });

  it('names the process listening on a port it never saw accept', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const registry = new ProcessRegistry();
    const pid = global.process.pid;
    expect(registry.serverAt('127.0.0.1', port)).toBe(makeUpid(pid, startTicks(pid)));
    await new Promise((resolve) => server.close(resolve));
  });

  it('finds the upid of a live pid from its start time', () => {
    const registry = new ProcessRegistry();
    const pid = global.process.pid;
    expect(registry.upidOfPid(pid)).toBe(makeUpid(pid, startTicks(pid)));
    expect(registry.upidOfPid(2 ** 22 + 1)).toBeUndefined(); // above pid_max: never a process
  });

  it('looks up a live process it has not seen in events, checking its start time', () => {
    const registry = new ProcessRegistry();
    const self = makeUpid(global.process.pid, startTicks(global.process.pid));
    expect(registry.processOf(self)?.pid).toBe(global.process.pid);
    // Same pid, another start time: a different (gone) process, not this one.
    expect(registry.processOf(makeUpid(global.process.pid, 1))).toBeUndefined();
  });
});
