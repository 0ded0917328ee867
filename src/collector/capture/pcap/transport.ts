/** TCP and UDP headers over the transport bytes an IP packet carries. */
import { u16be, u32 } from './record-format.js';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

export interface TcpHeader {
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly flags: number;
  /** Captured payload bytes. */
  readonly payload: Uint8Array;
  /** Payload length on the wire (from the IP length); more than payload.length when cut short. */
  readonly payloadLength: number;
}

/** `payloadLength` is the transport length announced by the IP header. */
export function decodeTcp(bytes: Uint8Array, payloadLength: number): TcpHeader | 'malformed' {
  if (bytes.length < 20) return 'malformed';
  const headerLength = ((bytes[12] ?? 0) >> 4) * 4;
  if (headerLength < 20 || headerLength > bytes.length || headerLength > payloadLength) {
    return 'malformed';
  }
  return {
    srcPort: u16be(bytes, 0),
    dstPort: u16be(bytes, 2),
    seq: u32(bytes, 4, false),
    flags: bytes[13] ?? 0,
    payload: bytes.subarray(headerLength),
    payloadLength: payloadLength - headerLength,
  };
}

export interface UdpHeader {
  readonly srcPort: number;
  readonly dstPort: number;
  /** The datagram's payload as far as it was captured. */
  readonly payload: Uint8Array;
  /** The payload's size on the wire. */
  readonly payloadLength: number;
  /** False when part of the datagram is missing (snaplen, or only the first IP fragment). */
  readonly complete: boolean;
}

export function decodeUdp(
  bytes: Uint8Array,
  payloadLength: number,
  firstFragment: boolean,
): UdpHeader | 'malformed' {
  if (bytes.length < 8) return 'malformed';
  // 0 is legal only in IPv6 jumbograms, where the IP layer carries the length.
  const length = u16be(bytes, 4) || payloadLength;
  if (length < 8 || (length > payloadLength && !firstFragment)) return 'malformed';
  const payload = bytes.subarray(8, length);
  return {
    srcPort: u16be(bytes, 0),
    dstPort: u16be(bytes, 2),
    payload,
    payloadLength: length - 8,
    complete: payload.length === length - 8,
  };
}
