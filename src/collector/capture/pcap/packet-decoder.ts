/**
 * One captured frame down to a TCP segment or UDP datagram with its endpoints. Anything else
 * is counted in the stats under the reason it was skipped; nothing here throws.
 */
import type { CaptureStats } from './capture-stats.js';
import type { Endpoint } from '../../stream/types.js';
import { IPPROTO_TCP, IPPROTO_UDP, decodeIp } from './ip.js';
import type { IpPacket } from './ip.js';
import { decodeLinkLayer } from './link-layer.js';
import type { RawFrame } from './record-format.js';
import { decodeTcp, decodeUdp } from './transport.js';

export interface TcpPacket {
  readonly transport: 'tcp';
  readonly timeNs: bigint;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly seq: number;
  readonly flags: number;
  readonly payload: Uint8Array;
  readonly payloadLength: number;
}

export interface UdpPacket {
  readonly transport: 'udp';
  readonly timeNs: bigint;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly payload: Uint8Array;
  /** Payload size on the wire; more than payload.length when the capture cut it short. */
  readonly payloadLength: number;
}

export type DecodedPacket = TcpPacket | UdpPacket;

export function decodePacket(frame: RawFrame, stats: CaptureStats): DecodedPacket | undefined {
  const link = decodeLinkLayer(frame.linkType, frame.data);
  if (link === 'malformed') stats.malformed++;
  else if (link === 'non-ip') stats.nonIp++;
  else if (link === 'unsupported') stats.unsupportedLinkType++;
  else {
    const ip = decodeIp(link.etherType, frame.data, link.offset);
    if (ip === 'malformed') stats.malformed++;
    else if (ip === 'later-fragment') stats.fragments++;
    else if (ip.protocol === IPPROTO_TCP) return tcpPacket(frame.timeNs, ip, stats);
    else if (ip.protocol === IPPROTO_UDP) return udpPacket(frame.timeNs, ip, stats);
    else stats.otherTransport++;
  }
  return undefined;
}

function tcpPacket(timeNs: bigint, ip: IpPacket, stats: CaptureStats): TcpPacket | undefined {
  const tcp = decodeTcp(ip.payload, ip.payloadLength);
  if (tcp === 'malformed') {
    stats.malformed++;
    return undefined;
  }
  stats.tcpSegments++;
  return {
    transport: 'tcp',
    timeNs,
    src: { addr: ip.src, port: tcp.srcPort },
    dst: { addr: ip.dst, port: tcp.dstPort },
    seq: tcp.seq,
    flags: tcp.flags,
    payload: tcp.payload,
    payloadLength: tcp.payloadLength,
  };
}

function udpPacket(timeNs: bigint, ip: IpPacket, stats: CaptureStats): UdpPacket | undefined {
  const udp = decodeUdp(ip.payload, ip.payloadLength, ip.firstFragment);
  if (udp === 'malformed') {
    stats.malformed++;
    return undefined;
  }
  stats.udpDatagrams++;
  // A prefix is still delivered: its Datagram.length tells parsers the rest is missing.
  if (!udp.complete) stats.incompleteDatagrams++;
  return {
    transport: 'udp',
    timeNs,
    src: { addr: ip.src, port: udp.srcPort },
    dst: { addr: ip.dst, port: udp.dstPort },
    payload: udp.payload,
    payloadLength: udp.payloadLength,
  };
}
