/**
 * One captured frame down to a TCP segment or UDP datagram with its endpoints. Anything else
 * is counted in the stats under the reason it was skipped; nothing here throws.
 *
 * The hot path (`readPacket`) allocates nothing: it fills a reused `PacketHeaders` with
 * positions in the frame, and callers make strings and views only for what they keep.
 */
import type { CaptureStats } from './capture-stats.js';
import type { Endpoint } from '../../stream/types.js';
import { IPPROTO_TCP, IPPROTO_UDP, addressText, readIp } from './ip.js';
import { findNetworkLayer, type NetworkLayer } from './link-layer.js';
import type { RawFrame } from './record-format.js';
import { readTcp, readUdp, type TransportHeader } from './transport.js';

/** What a frame turned out to be: a packet px reads, or why it was skipped. */
export type FrameKind =
  'tcp' | 'udp' | 'malformed' | 'non-ip' | 'unsupported' | 'fragment' | 'other-transport';

/** The headers of one frame as positions in its bytes, refilled by every `readPacket`. */
export class PacketHeaders implements NetworkLayer, TransportHeader {
  etherType = 0;
  offset = 0;
  addrAt = 0;
  addrBytes = 4;
  protocol = 0;
  payloadStart = 0;
  payloadEnd = 0;
  payloadLength = 0;
  firstFragment = false;
  srcPort = 0;
  dstPort = 0;
  seq = 0;
  flags = 0;
  complete = true;
}

/**
 * Reads the headers of the frame bytes[start, end) into `h`, as positions in `bytes`; on 'tcp'
 * and 'udp' every field of `h` is set.
 */
export function readPacket(
  linkType: number,
  bytes: Uint8Array,
  h: PacketHeaders,
  start = 0,
  end = bytes.length,
): FrameKind {
  const link = findNetworkLayer(linkType, bytes, start, end, h);
  if (link !== 'ip') return link;
  const ip = readIp(h.etherType, bytes, h.offset, end, h);
  if (ip === 'malformed') return 'malformed';
  if (ip === 'later-fragment') return 'fragment';
  if (h.protocol === IPPROTO_TCP) return readTcp(bytes, h) ? 'tcp' : 'malformed';
  if (h.protocol === IPPROTO_UDP) {
    h.complete = true;
    return readUdp(bytes, h) ? 'udp' : 'malformed';
  }
  return 'other-transport';
}

/** Counts a frame read by `readPacket` in the bucket its kind belongs to. */
export function countPacket(kind: FrameKind, h: PacketHeaders, stats: CaptureStats): void {
  switch (kind) {
    case 'tcp':
      stats.tcpSegments++;
      return;
    case 'udp':
      stats.udpDatagrams++;
      // A prefix is still delivered: its Datagram.length tells parsers the rest is missing.
      if (!h.complete) stats.incompleteDatagrams++;
      return;
    case 'malformed':
      stats.malformed++;
      return;
    case 'non-ip':
      stats.nonIp++;
      return;
    case 'unsupported':
      stats.unsupportedLinkType++;
      return;
    case 'fragment':
      stats.fragments++;
      return;
    case 'other-transport':
      stats.otherTransport++;
      return;
  }
}

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

export function sourceEndpoint(frame: Uint8Array, h: PacketHeaders): Endpoint {
  return { addr: addressText(frame, h.addrAt, h.addrBytes), port: h.srcPort };
}

export function destinationEndpoint(frame: Uint8Array, h: PacketHeaders): Endpoint {
  return { addr: addressText(frame, h.addrAt + h.addrBytes, h.addrBytes), port: h.dstPort };
}

const scratch = new PacketHeaders();

/** One frame as a packet object, counted in `stats` (tools and tests; ingest uses readPacket). */
export function decodePacket(frame: RawFrame, stats: CaptureStats): DecodedPacket | undefined {
  const h = scratch;
  const kind = readPacket(frame.linkType, frame.data, h);
  countPacket(kind, h, stats);
  if (kind !== 'tcp' && kind !== 'udp') return undefined;
  const common = {
    timeNs: frame.timeNs,
    src: sourceEndpoint(frame.data, h),
    dst: destinationEndpoint(frame.data, h),
    payload: frame.data.subarray(h.payloadStart, h.payloadEnd),
    payloadLength: h.payloadLength,
  };
  return kind === 'tcp'
    ? { transport: 'tcp', ...common, seq: h.seq, flags: h.flags }
    : { transport: 'udp', ...common };
}
