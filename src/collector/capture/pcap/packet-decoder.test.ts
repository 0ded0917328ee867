import { describe, expect, it } from 'vitest';
import {
  IPPROTO,
  bsdLoopback,
  concat,
  ethernet,
  ipPacket,
  ipv4,
  ipv6,
  sll,
  sll2,
  tcpHeader,
  udpHeader,
} from '../../../../test/capture-pcap/packet-builder.js';
import { emptyCaptureStats } from './capture-stats.js';
import type { CaptureStats } from './capture-stats.js';
import { LINKTYPE } from './link-layer.js';
import { decodePacket } from './packet-decoder.js';
import type { DecodedPacket } from './packet-decoder.js';

function decode(linkType: number, data: Uint8Array): [DecodedPacket | undefined, CaptureStats] {
  const stats = emptyCaptureStats();
  return [decodePacket({ linkType, timeNs: 5n, data }, stats), stats];
}

const tcp4 = ipPacket(
  '10.0.0.1',
  '10.0.0.2',
  IPPROTO.tcp,
  tcpHeader(40000, 80, 7, 'PA', new Uint8Array([1, 2, 3])),
);
const tcp6 = ipPacket(
  '2001:db8::1',
  'fe80::2',
  IPPROTO.tcp,
  tcpHeader(40000, 5432, 7, 'PA', new Uint8Array([1, 2, 3])),
);

function expectTcp(packet: DecodedPacket | undefined, src: string, dst: string): void {
  expect(packet?.transport).toBe('tcp');
  expect(packet?.src.addr).toBe(src);
  expect(packet?.dst.addr).toBe(dst);
  expect([...(packet?.payload ?? [])]).toEqual([1, 2, 3]);
}

describe('link layers', () => {
  const cases: [string, number, Uint8Array, Uint8Array][] = [
    ['Ethernet', LINKTYPE.ethernet, ethernet(tcp4), ethernet(tcp6)],
    ['802.1Q VLAN', LINKTYPE.ethernet, ethernet(tcp4, [0x8100]), ethernet(tcp6, [0x8100])],
    ['QinQ', LINKTYPE.ethernet, ethernet(tcp4, [0x88a8, 0x8100]), ethernet(tcp6, [0x9100, 0x8100])],
    ['Linux SLL', LINKTYPE.linuxSll, sll(tcp4), sll(tcp6)],
    ['Linux SLL2', LINKTYPE.linuxSll2, sll2(tcp4), sll2(tcp6)],
    [
      'BSD null (little-endian host)',
      LINKTYPE.null,
      bsdLoopback(tcp4, 2, true),
      bsdLoopback(tcp6, 30, true),
    ],
    [
      'BSD null (big-endian host)',
      LINKTYPE.null,
      bsdLoopback(tcp4, 2, false),
      bsdLoopback(tcp6, 24, false),
    ],
    ['OpenBSD loop', LINKTYPE.loop, bsdLoopback(tcp4, 2, false), bsdLoopback(tcp6, 24, false)],
    ['raw IP', LINKTYPE.raw, tcp4, tcp6],
  ];
  it.each(cases)('finds IPv4 and IPv6 inside %s', (_name, linkType, v4, v6) => {
    expectTcp(decode(linkType, v4)[0], '10.0.0.1', '10.0.0.2');
    expectTcp(decode(linkType, v6)[0], '2001:db8::1', 'fe80::2');
  });

  it('reads the IPv4-only and IPv6-only raw link types', () => {
    expectTcp(decode(LINKTYPE.ipv4, tcp4)[0], '10.0.0.1', '10.0.0.2');
    expectTcp(decode(LINKTYPE.ipv6, tcp6)[0], '2001:db8::1', 'fe80::2');
  });

  it('counts ARP and 802.3 frames as non-IP, unknown link types as unsupported', () => {
    expect(decode(LINKTYPE.ethernet, ethernet(new Uint8Array(28), [], 0x0806))[1].nonIp).toBe(1);
    expect(decode(LINKTYPE.ethernet, ethernet(new Uint8Array(28), [0x8100], 0x0806))[1].nonIp).toBe(
      1,
    );
    expect(decode(LINKTYPE.ethernet, ethernet(new Uint8Array(28), [], 46))[1].nonIp).toBe(1);
    expect(decode(LINKTYPE.null, bsdLoopback(tcp4, 7, true))[1].nonIp).toBe(1);
    expect(decode(147, tcp4)[1].unsupportedLinkType).toBe(1);
  });

  it('counts frames too short for their link header as malformed', () => {
    const cut: [number, Uint8Array][] = [
      [LINKTYPE.ethernet, ethernet(tcp4).subarray(0, 13)],
      [LINKTYPE.ethernet, ethernet(tcp4, [0x8100, 0x8100]).subarray(0, 16)],
      [LINKTYPE.ethernet, ethernet(tcp4, [0x8100, 0x8100, 0x8100, 0x8100, 0x8100])],
      [LINKTYPE.linuxSll, sll(tcp4).subarray(0, 15)],
      [LINKTYPE.linuxSll2, sll2(tcp4).subarray(0, 19)],
      [LINKTYPE.null, new Uint8Array([2, 0])],
      [LINKTYPE.raw, new Uint8Array(0)],
      [LINKTYPE.raw, new Uint8Array([0x50, 0, 0, 0])],
    ];
    for (const [linkType, frame] of cut) {
      expect(decode(linkType, frame)[1].malformed, `link type ${linkType}`).toBe(1);
    }
  });
});

describe('IP', () => {
  it('skips IPv4 options and trims Ethernet padding by the total length', () => {
    const udp = udpHeader(5353, 53, new Uint8Array([9, 9]));
    const options = new Uint8Array([0x94, 0x04, 0, 0]); // router alert
    const padded = concat(
      ipv4('1.2.3.4', '5.6.7.8', IPPROTO.udp, udp, { options }),
      new Uint8Array(20),
    );
    const [packet] = decode(LINKTYPE.raw, padded);
    expect(packet?.transport).toBe('udp');
    expect([...(packet?.payload ?? [])]).toEqual([9, 9]);
  });

  it('takes the captured length when an offloaded IPv4 packet says 0', () => {
    const ip = ipv4(
      '1.2.3.4',
      '5.6.7.8',
      IPPROTO.tcp,
      tcpHeader(1, 2, 3, 'A', new Uint8Array(9000)),
      { totalLength: 0 },
    );
    expect(decode(LINKTYPE.raw, ip)[0]?.payload.length).toBe(9000);
  });

  it('keeps a first fragment and skips and counts later ones', () => {
    const segment = tcpHeader(40000, 80, 1, 'PA', new Uint8Array(16).fill(1));
    const first = ipv4('1.2.3.4', '5.6.7.8', IPPROTO.tcp, segment, { moreFragments: true });
    const later = ipv4('1.2.3.4', '5.6.7.8', IPPROTO.tcp, new Uint8Array(16), {
      fragmentOffset: 5,
    });
    expect(decode(LINKTYPE.raw, first)[0]?.payload.length).toBe(16);
    const [none, stats] = decode(LINKTYPE.raw, later);
    expect(none).toBeUndefined();
    expect(stats.fragments).toBe(1);
  });

  it('walks IPv6 extension headers to the transport header', () => {
    const hopByHop = { type: 0, body: new Uint8Array(7) };
    const destination = { type: 60, body: new Uint8Array([1, ...new Uint8Array(14)]) }; // 16 bytes
    const routing = { type: 43, body: new Uint8Array(7) };
    const auth = { type: 51, body: new Uint8Array([2, ...new Uint8Array(14)]) }; // (2+2)*4 = 16 bytes
    const udp = udpHeader(40000, 53, new Uint8Array([1, 2, 3, 4]));
    const packet = ipv6('::1', '::2', IPPROTO.udp, udp, [hopByHop, destination, routing, auth]);
    const [decoded] = decode(LINKTYPE.raw, packet);
    expect(decoded?.transport).toBe('udp');
    expect([...(decoded?.payload ?? [])]).toEqual([1, 2, 3, 4]);
    // a whole datagram inside a "first fragment" with no more: still complete
    const tcpInFragment = ipv6(
      '::1',
      '::2',
      IPPROTO.tcp,
      tcpHeader(1, 80, 0, 'PA', new Uint8Array([1, 2, 3])),
      [{ type: 44, body: new Uint8Array(7) }],
    );
    expect(decode(LINKTYPE.raw, tcpInFragment)[0]?.transport).toBe('tcp');
    const laterFragment = ipv6('::1', '::2', IPPROTO.udp, new Uint8Array(16), [
      { type: 44, body: new Uint8Array([0, 0, 0x10, 0, 0, 0, 1]) },
    ]);
    expect(decode(LINKTYPE.raw, laterFragment)[1].fragments).toBe(1);
  });

  it('counts ICMP and ESP as other transports', () => {
    expect(
      decode(LINKTYPE.raw, ipv4('1.1.1.1', '2.2.2.2', IPPROTO.icmp, new Uint8Array(8)))[1]
        .otherTransport,
    ).toBe(1);
    expect(decode(LINKTYPE.raw, ipv6('::1', '::2', 50, new Uint8Array(8)))[1].otherTransport).toBe(
      1,
    );
  });

  it('counts broken IP headers as malformed', () => {
    const good = ipv4('1.1.1.1', '2.2.2.2', IPPROTO.tcp, tcpHeader(1, 2, 3, 'A'));
    const badIhl = good.slice();
    badIhl[0] = 0x44;
    const badLength = good.slice();
    badLength[3] = 10;
    const extensionOverrun = ipv6('::1', '::2', IPPROTO.tcp, new Uint8Array(0), [
      { type: 60, body: new Uint8Array([9, 0, 0, 0, 0, 0, 0]) },
    ]);
    for (const frame of [
      good.subarray(0, 19),
      badIhl,
      badLength,
      ipv6('::1', '::2', 6, new Uint8Array(0)).subarray(0, 39),
      extensionOverrun,
    ]) {
      expect(decode(LINKTYPE.raw, frame)[1].malformed).toBe(1);
    }
  });
});

describe('TCP and UDP', () => {
  it('reads TCP options and the true payload length of a segment cut by the snap length', () => {
    const segment = tcpHeader(1, 2, 0xfffffff0, 'PA', new Uint8Array(100).fill(3));
    const withOptions = concat(
      segment.subarray(0, 20),
      new Uint8Array([1, 1, 1, 1]),
      segment.subarray(20),
    );
    withOptions[12] = 6 << 4;
    const ip = ipv4('1.1.1.1', '2.2.2.2', IPPROTO.tcp, withOptions);
    const [packet] = decode(LINKTYPE.raw, ip.subarray(0, 20 + 24 + 30));
    expect(packet?.transport).toBe('tcp');
    if (packet?.transport !== 'tcp') return;
    expect(packet.seq).toBe(0xfffffff0);
    expect(packet.payload.length).toBe(30);
    expect(packet.payloadLength).toBe(100);
  });

  it('delivers and counts UDP datagrams that were not captured whole', () => {
    const udp = udpHeader(40000, 53, new Uint8Array(100));
    const ip = ipv4('1.1.1.1', '2.2.2.2', IPPROTO.udp, udp);
    const [cut, stats] = decode(LINKTYPE.raw, ip.subarray(0, 60));
    expect(cut?.transport).toBe('udp');
    if (cut?.transport !== 'udp') return;
    expect(cut.payload.length).toBe(60 - 20 - 8);
    expect(cut.payloadLength).toBe(100);
    expect(stats.incompleteDatagrams).toBe(1);
    const firstFragment = ipv4('1.1.1.1', '2.2.2.2', IPPROTO.udp, udp.subarray(0, 48), {
      moreFragments: true,
    });
    expect(decode(LINKTYPE.raw, firstFragment)[1].incompleteDatagrams).toBe(1);
  });

  it('counts broken TCP and UDP headers as malformed', () => {
    const shortTcp = ipv4('1.1.1.1', '2.2.2.2', IPPROTO.tcp, new Uint8Array(19));
    const badOffset = tcpHeader(1, 2, 3, 'A');
    badOffset[12] = 0xf0; // 60-byte header in a 20-byte segment
    const badUdpLength = udpHeader(1, 2, new Uint8Array(4));
    badUdpLength[5] = 7;
    const longUdp = udpHeader(1, 2, new Uint8Array(4));
    longUdp[5] = 40; // claims more than the IP packet holds
    for (const ip of [
      shortTcp,
      ipv4('1.1.1.1', '2.2.2.2', IPPROTO.tcp, badOffset),
      ipv4('1.1.1.1', '2.2.2.2', IPPROTO.udp, badUdpLength),
      ipv4('1.1.1.1', '2.2.2.2', IPPROTO.udp, longUdp),
      ipv4('1.1.1.1', '2.2.2.2', IPPROTO.udp, new Uint8Array(7)),
    ]) {
      expect(decode(LINKTYPE.raw, ip)[1].malformed).toBe(1);
    }
  });
});
