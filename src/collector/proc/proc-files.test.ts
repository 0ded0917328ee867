import { describe, expect, it } from 'vitest';
import { parseNetDev, parseProcIo, parseProcStat } from './proc-files.js';
import { makeUpid, upidPid, upidStartTicks } from './upid.js';

describe('/proc parsers', () => {
  it('reads stat fields, even when comm holds spaces and parentheses', () => {
    const text =
      '4242 (my (odd) proc) S 1 4242 4242 0 -1 4194560 1500 0 7 0 250 75 0 0 20 0 3 0 98765 123456789 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n';
    expect(parseProcStat(text)).toEqual({
      pid: 4242,
      comm: 'my (odd) proc',
      minorFaults: 1500,
      majorFaults: 7,
      utimeTicks: 250,
      stimeTicks: 75,
      numThreads: 3,
      startTicks: 98765,
      vsizeBytes: 123456789,
      rssPages: 2048,
    });
    expect(parseProcStat('garbage')).toBeNull();
    expect(parseProcStat('1 (x) S')).toBeNull();
  });

  it('reads io counters', () => {
    const text =
      'rchar: 6976\nwchar: 12\nsyscr: 10\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 8192\n';
    expect(parseProcIo(text)).toEqual({
      rchar: 6976,
      wchar: 12,
      readBytes: 4096,
      writeBytes: 8192,
    });
  });

  it('reads net/dev interface lines', () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:    6209      45    0    0    0     0          0         0     6209      45    0    0    0     0       0          0',
      '  eth0: 1000 10 1 2 0 0 0 0 2000 20 3 4 0 0 0 0',
    ].join('\n');
    const [lo, eth0] = parseNetDev(text);
    expect(lo?.name).toBe('lo');
    expect(eth0).toEqual({
      name: 'eth0',
      rxBytes: 1000,
      rxPackets: 10,
      rxErrors: 1,
      rxDrops: 2,
      txBytes: 2000,
      txPackets: 20,
      txErrors: 3,
      txDrops: 4,
    });
  });

  it('packs and unpacks upids', () => {
    const upid = makeUpid(4242, 98765);
    expect(upid).toBe((4242n << 64n) | 98765n);
    expect(upidPid(upid)).toBe(4242);
    expect(upidStartTicks(upid)).toBe(98765);
    expect(makeUpid(1, 2, 7) >> 96n).toBe(7n);
  });
});
