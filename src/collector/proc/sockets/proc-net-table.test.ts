import { describe, expect, it } from 'vitest';
import { TCP_LISTEN, decodeHexEndpoint, parseProcNetTable } from './proc-net-table.js';

// Lines as an x86-64 kernel prints them (a listener, an sshd-like wildcard, a connection).
const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 204031 1 00000000baf0eb5c 100 0 0 10 0
   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1060 1 00000000d4cc82f4 100 0 0 10 0
   2: 0100007F:A582 0100007F:20FB 01 00000000:00000000 00:00000000 00000000     0        0 204033 2 000000003b28fe50 20 0 0 10 -1
   3: 0100007F:A584 0100007F:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 00000000aa550011
`;

const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:20FB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 204032 1 0000000011a01fc9 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:20FB 0000000000000000FFFF00000100007F:A582 01 00000000:00000000 00:00000000 00000000     0        0 204034 1 000000003da79239 20 0 0 10 -1
   2: B80D0120000000000000000001000000:0050 00000000000000000000000001000000:C000 01 00000000:00000000 00:00000000 00000000  1000        0 99 1 000000003da79239 20 0 0 10 -1
`;

const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 6000: 0100007F:D11A 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 204037 2 00000000fbd89501 0
 6001: 0100007F:D11B 0302010A:0035 01 00000000:00000000 00:00000000 00000000     0        0 204038 2 00000000fbd89501 0
`;

describe('/proc/net socket tables', () => {
  it('reads IPv4 words in host byte order and ports as plain hex', () => {
    expect(decodeHexEndpoint('0100007F:1F90', true)).toEqual({ addr: '127.0.0.1', port: 8080 });
    expect(decodeHexEndpoint('0302010A:0035', true)).toEqual({ addr: '10.1.2.3', port: 53 });
    // A big-endian kernel prints the same address with its bytes in network order.
    expect(decodeHexEndpoint('7F000001:1F90', false)).toEqual({ addr: '127.0.0.1', port: 8080 });
  });

  it('reads IPv6 as four host-order words and unmaps IPv4-mapped addresses', () => {
    expect(decodeHexEndpoint('00000000000000000000000001000000:0050', true)).toEqual({
      addr: '::1',
      port: 80,
    });
    expect(decodeHexEndpoint('B80D0120000000000000000001000000:0050', true)?.addr).toBe(
      '2001:db8::1',
    );
    expect(decodeHexEndpoint('20010DB8000000000000000000000001:0050', false)?.addr).toBe(
      '2001:db8::1',
    );
    expect(decodeHexEndpoint('0000000000000000FFFF00000100007F:20FB', true)).toEqual({
      addr: '127.0.0.1',
      port: 8443,
    });
  });

  it('rejects text that is not a hex address', () => {
    for (const bad of ['', '0100007F', '0100007F:1F9', '0100007G:1F90', '01007F:1F90']) {
      expect(decodeHexEndpoint(bad, true)).toBeUndefined();
    }
  });

  it('parses tcp lines: endpoints, state and inode, with inode 0 for TIME_WAIT', () => {
    const entries = parseProcNetTable(TCP, 'tcp', true);
    expect(entries).toHaveLength(4);
    expect(entries[0]).toEqual({
      transport: 'tcp',
      local: { addr: '127.0.0.1', port: 8080 },
      remote: { addr: '0.0.0.0', port: 0 },
      state: TCP_LISTEN,
      inode: 204031,
    });
    expect(entries[1]?.local).toEqual({ addr: '0.0.0.0', port: 2024 });
    expect(entries[2]).toMatchObject({
      local: { addr: '127.0.0.1', port: 42370 },
      remote: { addr: '127.0.0.1', port: 8443 },
      state: 1,
      inode: 204033,
    });
    expect(entries[3]).toMatchObject({ state: 6, inode: 0 });
  });

  it('parses tcp6 lines, including a dual-stack socket talking to an IPv4 peer', () => {
    const entries = parseProcNetTable(TCP6, 'tcp', true);
    expect(entries.map((e) => [e.local.addr, e.local.port, e.remote.addr, e.remote.port])).toEqual([
      ['::', 8443, '::', 0],
      ['127.0.0.1', 8443, '127.0.0.1', 42370],
      ['2001:db8::1', 80, '::1', 49152],
    ]);
    expect(entries.map((e) => e.inode)).toEqual([204032, 204034, 99]);
  });

  it('parses udp lines: unconnected (remote 0) and connected sockets', () => {
    const entries = parseProcNetTable(UDP, 'udp', true);
    expect(entries).toEqual([
      {
        transport: 'udp',
        local: { addr: '127.0.0.1', port: 53530 },
        remote: { addr: '0.0.0.0', port: 0 },
        state: 7,
        inode: 204037,
      },
      {
        transport: 'udp',
        local: { addr: '127.0.0.1', port: 53531 },
        remote: { addr: '10.1.2.3', port: 53 },
        state: 1,
        inode: 204038,
      },
    ]);
  });

  it('skips malformed lines and keeps the good ones', () => {
    const text = [
      'garbage',
      '   0: 0100007F:1F90 00000000:0000 0A',
      '   1: ZZ:1F90 00000000:0000 0A 0:0 0:0 0 0 0 5',
      '   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 -4',
      '   3: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 77',
    ].join('\n');
    expect(parseProcNetTable(text, 'tcp', true).map((e) => e.inode)).toEqual([77]);
  });

  it('reads this machine’s own tables without skipping a line', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync('/proc/net/tcp', 'utf8');
    const lines = text.split('\n').filter((l) => /^\s*\d+:/.test(l));
    expect(parseProcNetTable(text, 'tcp')).toHaveLength(lines.length);
  });
});
