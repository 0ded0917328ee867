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

/** An IP header as positions in the frame; `readIp` fills one, reused frame after frame. */
export interface IpHeader {
  /** Where the source address starts; the destination address follows it. */
  addrAt: number;
  /** Address length: 4 (IPv4) or 16 (IPv6). */
  addrBytes: number;
  /** The transport protocol number (after any IPv6 extension headers). */
  protocol: number;
  /** The captured transport bytes are frame[payloadStart, payloadEnd). */
  payloadStart: number;
  payloadEnd: number;
  /** The transport length the IP header announces; more than captured when cut short. */
  payloadLength: number;
  /** This is the first fragment of a fragmented packet: the transport data is incomplete. */
  firstFragment: boolean;
}

export type IpResult = 'ok' | 'malformed' | 'later-fragment';

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

/** The text of the address of `addrBytes` bytes at `at`. */
export function addressText(frame: Uint8Array, at: number, addrBytes: number): string {
  return addrBytes === 4 ? ipv4Text(frame, at) : formatIpv6(frame, at);
}

/** Reads the IP header at frame[offset]; the captured frame ends at frame[frameEnd]. */
export function readIp(
  etherType: number,
  frame: Uint8Array,
  offset: number,
  frameEnd: number,
  into: IpHeader,
): IpResult {
  return etherType === ETHERTYPE_IPV4
    ? readIpv4(frame, offset, frameEnd, into)
    : readIpv6(frame, offset, frameEnd, into);
}

function readIpv4(frame: Uint8Array, offset: number, frameEnd: number, into: IpHeader): IpResult {
  const available = frameEnd - offset;
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
  into.addrAt = offset + 12;
  into.addrBytes = 4;
  into.protocol = frame[offset + 9] ?? 0;
  into.payloadStart = offset + headerLength;
  into.payloadEnd = offset + Math.min(totalLength, available);
  into.payloadLength = totalLength - headerLength;
  into.firstFragment = (fragment & 0x2000) !== 0;
  return 'ok';
}

function readIpv6(frame: Uint8Array, offset: number, frameEnd: number, into: IpHeader): IpResult {
  const available = frameEnd - offset;
  if (available < IPV6_HEADER_BYTES) return 'malformed';
  if ((frame[offset] ?? 0) >> 4 !== 6) return 'malformed';
  // 0 means a jumbogram or an offloaded packet: take the captured length.
  const announced = u16be(frame, offset + 4) || available - IPV6_HEADER_BYTES;
  const end = offset + IPV6_HEADER_BYTES + announced;
  const capturedEnd = Math.min(end, frameEnd);
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
  into.addrAt = offset + 8;
  into.addrBytes = 16;
  into.protocol = next;
  into.payloadStart = Math.min(at, capturedEnd);
  into.payloadEnd = capturedEnd;
  into.payloadLength = end - at;
  into.firstFragment = firstFragment;
  return 'ok';
}
