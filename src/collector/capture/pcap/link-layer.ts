/**
 * Link-layer headers: finds where the IP packet starts inside a captured frame and which IP
 * version it is, for the link types Linux and BSD captures use.
 */
import { u32, u16be } from './record-format.js';

export const LINKTYPE = {
  null: 0,
  ethernet: 1,
  raw: 101,
  loop: 108,
  linuxSll: 113,
  ipv4: 228,
  ipv6: 229,
  linuxSll2: 276,
} as const;

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAG_TYPES = new Set([0x8100, 0x88a8, 0x9100]);
/** At most this many stacked VLAN tags are walked (QinQ uses two). */
const MAX_VLAN_TAGS = 4;

/** AF_INET is 2 everywhere; AF_INET6 differs by OS: Linux, OpenBSD/NetBSD, FreeBSD, macOS. */
const AF_INET = 2;
const AF_INET6 = new Set([10, 24, 28, 30]);

/** Where the IP header starts; `findNetworkLayer` fills one, reused frame after frame. */
export interface NetworkLayer {
  /** ETHERTYPE_IPV4 or ETHERTYPE_IPV6. */
  etherType: number;
  /** Where the IP header starts in the frame's bytes. */
  offset: number;
}

export type LinkResult = 'ip' | 'malformed' | 'non-ip' | 'unsupported';

/** Finds the IP header of the frame bytes[start, end); on 'ip' its version and position are in `into`. */
export function findNetworkLayer(
  linkType: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  into: NetworkLayer,
): LinkResult {
  const length = end - start;
  switch (linkType) {
    case LINKTYPE.ethernet:
      return length < 14 ? 'malformed' : afterVlanTags(bytes, start + 12, start + 14, end, into);
    case LINKTYPE.linuxSll:
      return length < 16 ? 'malformed' : afterVlanTags(bytes, start + 14, start + 16, end, into);
    case LINKTYPE.linuxSll2:
      return length < 20 ? 'malformed' : afterVlanTags(bytes, start, start + 20, end, into);
    case LINKTYPE.null:
      return afterFamily(bytes, start, end, true, into);
    case LINKTYPE.loop:
      return afterFamily(bytes, start, end, false, into);
    case LINKTYPE.raw:
      return fromVersionNibble(bytes, start, end, into);
    case LINKTYPE.ipv4:
      return found(ETHERTYPE_IPV4, start, into);
    case LINKTYPE.ipv6:
      return found(ETHERTYPE_IPV6, start, into);
    default:
      return 'unsupported';
  }
}

function found(etherType: number, offset: number, into: NetworkLayer): 'ip' {
  into.etherType = etherType;
  into.offset = offset;
  return 'ip';
}

/**
 * Skips 802.1Q / 802.1ad tags. `typeAt` is where the current EtherType is, `payloadAt` where
 * the bytes it describes begin; each tag is a 2-byte TCI followed by the next EtherType.
 */
function afterVlanTags(
  bytes: Uint8Array,
  typeAt: number,
  payloadAt: number,
  end: number,
  into: NetworkLayer,
): LinkResult {
  let etherType = u16be(bytes, typeAt);
  let offset = payloadAt;
  // IPv4, by far the most common, is told apart without a set lookup.
  for (let tags = 0; etherType !== ETHERTYPE_IPV4 && VLAN_TAG_TYPES.has(etherType); tags++) {
    if (tags === MAX_VLAN_TAGS || offset + 4 > end) return 'malformed';
    etherType = u16be(bytes, offset + 2);
    offset += 4;
  }
  if (etherType !== ETHERTYPE_IPV4 && etherType !== ETHERTYPE_IPV6) return 'non-ip';
  return found(etherType, offset, into);
}

/**
 * BSD loopback: a 4-byte address family. DLT_NULL stores it in the capturing host's byte
 * order, which the file does not record, so both orders are tried; DLT_LOOP is big-endian.
 */
function afterFamily(
  bytes: Uint8Array,
  start: number,
  end: number,
  eitherOrder: boolean,
  into: NetworkLayer,
): LinkResult {
  if (end - start < 4) return 'malformed';
  for (const littleEndian of eitherOrder ? BOTH_ORDERS : BIG_ENDIAN_ONLY) {
    const family = u32(bytes, start, littleEndian);
    if (family === AF_INET) return found(ETHERTYPE_IPV4, start + 4, into);
    if (AF_INET6.has(family)) return found(ETHERTYPE_IPV6, start + 4, into);
  }
  return 'non-ip';
}

const BOTH_ORDERS = [false, true] as const;
const BIG_ENDIAN_ONLY = [false] as const;

function fromVersionNibble(
  bytes: Uint8Array,
  start: number,
  end: number,
  into: NetworkLayer,
): LinkResult {
  if (start >= end) return 'malformed';
  const version = (bytes[start] ?? 0) >> 4;
  if (version === 4) return found(ETHERTYPE_IPV4, start, into);
  if (version === 6) return found(ETHERTYPE_IPV6, start, into);
  return 'malformed';
}
