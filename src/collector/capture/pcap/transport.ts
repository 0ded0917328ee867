/** TCP and UDP headers over the transport bytes an IP packet carries. */
import type { IpHeader } from './ip.js';
import { u16be, u32 } from './record-format.js';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

/**
 * A TCP or UDP header over an IP header, as positions in the frame. `readTcp` / `readUdp`
 * fill one, reused frame after frame; the payload replaces the IP payload bounds.
 */
export interface TransportHeader extends IpHeader {
  srcPort: number;
  dstPort: number;
  /** TCP only. */
  seq: number;
  /** TCP only. */
  flags: number;
  /** UDP: false when part of the datagram is missing (snaplen, or only the first fragment). */
  complete: boolean;
}

/**
 * Reads the TCP header at h.payloadStart; on success the payload bounds become the segment's
 * payload and h.payloadLength its length on the wire (from the IP length).
 */
export function readTcp(frame: Uint8Array, h: TransportHeader): boolean {
  const at = h.payloadStart;
  const captured = h.payloadEnd - at;
  if (captured < 20) return false;
  const headerLength = ((frame[at + 12] ?? 0) >> 4) * 4;
  if (headerLength < 20 || headerLength > captured || headerLength > h.payloadLength) return false;
  h.srcPort = u16be(frame, at);
  h.dstPort = u16be(frame, at + 2);
  h.seq = u32(frame, at + 4, false);
  h.flags = frame[at + 13] ?? 0;
  h.payloadStart = at + headerLength;
  h.payloadLength -= headerLength;
  return true;
}

/** Reads the UDP header at h.payloadStart, like readTcp. */
export function readUdp(frame: Uint8Array, h: TransportHeader): boolean {
  const at = h.payloadStart;
  if (h.payloadEnd - at < 8) return false;
  // 0 is legal only in IPv6 jumbograms, where the IP layer carries the length.
  const length = u16be(frame, at + 4) || h.payloadLength;
  if (length < 8 || (length > h.payloadLength && !h.firstFragment)) return false;
  h.srcPort = u16be(frame, at);
  h.dstPort = u16be(frame, at + 2);
  h.payloadStart = at + 8;
  h.payloadEnd = Math.min(h.payloadEnd, at + length);
  h.payloadLength = length - 8;
  h.complete = h.payloadEnd - h.payloadStart === length - 8;
  return true;
}
