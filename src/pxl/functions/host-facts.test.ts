import { existsSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces, release, uptime } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  agentStartNs,
  bootTimeNs,
  hostName,
  kernelHeadersInstalled,
  machineId,
  primaryAddress,
  ticksToTimeNs,
} from './host-facts.js';

const S = 1_000_000_000n;

describe('host facts', () => {
  it('name the host by its host name and machine id', () => {
    expect(hostName()).toBe(hostname());
    const systemd = existsSync('/etc/machine-id')
      ? readFileSync('/etc/machine-id', 'utf8').trim()
      : undefined;
    expect(machineId()).toMatch(/^[0-9a-f]{32}$/);
    if (systemd !== undefined && /^[0-9a-f]{32}$/.test(systemd)) expect(machineId()).toBe(systemd);
  });

  it("read the boot time from /proc/stat and turn a upid's start ticks into a time", () => {
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
    expect(bootTimeNs()).toBe(BigInt(btime ?? '0') * S);
    const booted = bootTimeNs() ?? 0n;
    // 100 ticks a second: 250 ticks are 2.5 s after boot.
    expect(ticksToTimeNs(250n)).toBe(booted + 2_500_000_000n);
    // The boot time agrees with the uptime within a few seconds.
    const now = BigInt(Date.now()) * 1_000_000n;
    const uptimeNs = BigInt(Math.round(uptime())) * S;
    expect(Math.abs(Number((now - uptimeNs - booted) / S))).toBeLessThanOrEqual(5);
  });

  it("give this host's address, its kernel headers and px's start", () => {
    const addresses = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .map((a) => a.address);
    expect([...addresses, '127.0.0.1']).toContain(primaryAddress());
    const kernel = release();
    expect(kernelHeadersInstalled()).toBe(
      existsSync(`/lib/modules/${kernel}/build`) || existsSync(`/usr/src/linux-headers-${kernel}`),
    );
    const started = agentStartNs();
    const now = BigInt(Date.now()) * 1_000_000n;
    expect(started).toBeLessThanOrEqual(now);
    expect(started).toBeGreaterThan(now - BigInt(Math.ceil(process.uptime() + 5)) * S);
  });
});
