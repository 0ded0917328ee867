/**
 * IPv4 and IPv6 headers: addresses, the transport protocol, and where its bytes are. IPv6
 * extension headers are walked; fragments after the first are reported so the caller can
 * skip and count them (their transport header is in the first fragment).
 */
import { formatIpv4, formatIpv6 } from '../../../shared/ip-text.js';
import { ETHERTYPE_IPV4 } from './link-layer.js';
import { u16be, u32 } from './record-format.js';

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export interface IpPacket {
  readonly src: string;
  readonly dst: string;
  /** The transport protocol number (after any IPv6 extension headers). */
  readonly protocol: number;
  /** The transport bytes that were captured. */
  readonly payload: Uint8Array;
  /** The transport length the IP header announces; more than payload.length when cut short. */
  readonly payloadLength: number;
  /** This is the first fragment of a fragmented packet: the transport data is incomplete. */
  readonly firstFragment: boolean;
}

export type IpResult = IpPacket | 'malformed' | 'later-fragment';

const IPV6_HEADER_BYTES = 40;
const IPV6_FRAGMENT = 44;
const IPV6_AH = 51;
/** Extension headers with the generic (next header, length in 8-byte units - 1) layout. */
const IPV6_GENERIC_EXTENSIONS = new Set([0, 43, 60, 135, 139, 140, 253, 254]);

/** Text of recently seen IPv4 addresses: a capture has few, and every packet names two. */
const ipv4Texts = new Map<number, string>();
const MAX_CACHED_IPV4 = 4096;

function ipv4Text(frame: Uint8Array, at: number): string {
  const address = u32(frame, at, false);
  let text = ipv4Texts.get(address);
  if (text === undefined) {
    if (ipv4Texts.size >= MAX_CACHED_IPV4) ipv4Texts.clear();
    text = formatIpv4(frame, at);
    ipv4Texts.set(address, text);
  }
  return text;
}

export function decodeIp(etherType: number, frame: Uint8Array, offset: number): IpResult {
  return etherType === ETHERTYPE_IPV4 ? decodeIpv4(frame, offset) : decodeIpv6(frame, offset);
}

function decodeIpv4(frame: Uint8Array, offset: number): IpResult {
  const available = frame.length - offset;
  if (available < 20) return 'malformed';
  const first = frame[offset] ?? 0;
  const headerLength = (first & 0x0f) * 4;
  let totalLength = u16be(frame, offset + 2);
  // Linux captures of TSO/GSO-offloaded output show a total length of 0: use what is there.
  if (totalLength === 0) totalLength = available;
  if (first >> 4 !== 4 || headerLength < 20 || headerLength > available) return 'malformed';
  if (totalLength < headerLength) return 'malformed';
  const fragment = u16be(frame, offset + 6);
  if ((fragment & 0x1fff) !== 0) return 'later-fragment';
  const end = offset + Math.min(totalLength, available);
  return {
    src: ipv4Text(frame, offset + 12),
    dst: ipv4Text(frame, offset + 16),
    protocol: frame[offset + 9] ?? 0,
    payload: frame.subarray(offset + headerLength, end),
    payloadLength: totalLength - headerLength,
    firstFragment: (fragment & 0x2000) !== 0,
  };
}

function decodeIpv6(frame: Uint8Array, offset: number): IpResult {
  const available = frame.length - offset;
  if (available < IPV6_HEADER_BYTES) return 'malformed';
  if ((frame[offset] ?? 0) >> 4 !== 6) return 'malformed';
  // 0 means a jumbogram or an offloaded packet: take the captured length.
  const announced = u16be(frame, offset + 4) || available - IPV6_HEADER_BYTES;
  const end = offset + IPV6_HEADER_BYTES + announced;
  const capturedEnd = Math.min(end, frame.length);
  let next = frame[offset + 6] ?? 0;
  let at = offset + IPV6_HEADER_BYTES;
  let firstFragment = false;
  while (next === IPV6_FRAGMENT || next === IPV6_AH || IPV6_GENERIC_EXTENSIONS.has(next)) {
    if (at + 8 > capturedEnd) return 'malformed';
    const headerNext = frame[at] ?? 0;
    if (next === IPV6_FRAGMENT) {
      const fragment = u16be(frame, at + 2);
      if (fragment >> 3 !== 0) return 'later-fragment';
      firstFragment = (fragment & 1) !== 0;
      at += 8;
    } else if (next === IPV6_AH) {
      at += ((frame[at + 1] ?? 0) + 2) * 4;
    } else {
      at += ((frame[at + 1] ?? 0) + 1) * 8;
    }
    next = headerNext;
    if (at > end) return 'malformed';
  }
  return {
    src: formatIpv6(frame, offset + 8),
    dst: formatIpv6(frame, offset + 24),
    protocol: next,
    payload: frame.subarray(Math.min(at, capturedEnd), capturedEnd),
    payloadLength: end - at,
    firstFragment,
  };
}
