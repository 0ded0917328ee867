import { describe, expect, it } from 'vitest';
import { ipPacket, IPPROTO, tcpHeader } from '../../../../test/capture-pcap/packet-builder.js';
import { endpointCode, flowCode } from './flow-key.js';
import { PacketHeaders, readPacket } from './packet-decoder.js';
import { LINKTYPE } from './link-layer.js';

/** The endpoint codes of a raw-IP TCP packet from src to dst. */
function codes(src: string, srcPort: number, dst: string, dstPort: number): [string, string] {
  const frame = ipPacket(src, dst, IPPROTO.tcp, tcpHeader(srcPort, dstPort, 1, 'A'));
  const h = new PacketHeaders();
  expect(readPacket(LINKTYPE.raw, frame, h)).toBe('tcp');
  return [
    endpointCode(frame, h.addrAt, h.addrBytes, h.srcPort),
    endpointCode(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort),
  ];
}

describe('endpoint and flow codes', () => {
  it('are equal for equal endpoints and distinct for distinct ones, IPv4 and IPv6', () => {
    const endpoints: [string, number][] = [
      ['10.0.0.1', 80],
      ['10.0.0.1', 81],
      ['10.0.1.0', 80],
      ['2001:db8::1', 80],
      ['::ffff:10.0.0.1', 80],
      ['2001:db8::1', 8080],
    ];
    const seen = new Set<string>();
    for (const [addr, port] of endpoints) {
      const other = addr.includes(':') ? '2001:db8::2' : '10.9.9.9';
      const [code] = codes(addr, port, other, 1);
      expect(seen.has(code), `${addr}/${port}`).toBe(false);
      seen.add(code);
      expect(codes(addr, port, other, 2)[0]).toBe(code);
    }
  });

  it('give one flow code for both directions of a flow', () => {
    const [a, b] = codes('10.0.0.1', 40000, '10.0.0.2', 80);
    const [c, d] = codes('10.0.0.2', 80, '10.0.0.1', 40000);
    expect(flowCode(a, b)).toBe(flowCode(c, d));
    expect(flowCode(a, b)).not.toBe(flowCode(...codes('10.0.0.1', 40001, '10.0.0.2', 80)));
  });
});
