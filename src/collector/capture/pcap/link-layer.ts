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

export interface NetworkLayer {
  /** ETHERTYPE_IPV4 or ETHERTYPE_IPV6. */
  readonly etherType: number;
  /** Where the IP header starts in the frame. */
  readonly offset: number;
}

export type LinkResult = NetworkLayer | 'malformed' | 'non-ip' | 'unsupported';

export function decodeLinkLayer(linkType: number, frame: Uint8Array): LinkResult {
  switch (linkType) {
    case LINKTYPE.ethernet:
      return frame.length < 14 ? 'malformed' : afterEtherType(frame, 12);
    case LINKTYPE.linuxSll:
      return frame.length < 16 ? 'malformed' : afterEtherType(frame, 14);
    case LINKTYPE.linuxSll2:
      return frame.length < 20 ? 'malformed' : ipOrNot(afterVlanTags(frame, 0, 20));
    case LINKTYPE.null:
      return afterFamily(frame, true);
    case LINKTYPE.loop:
      return afterFamily(frame, false);
    case LINKTYPE.raw:
      return fromVersionNibble(frame, 0);
    case LINKTYPE.ipv4:
      return { etherType: ETHERTYPE_IPV4, offset: 0 };
    case LINKTYPE.ipv6:
      return { etherType: ETHERTYPE_IPV6, offset: 0 };
    default:
      return 'unsupported';
  }
}

/** The EtherType field sits at `at`; the payload follows it (after any VLAN tags). */
function afterEtherType(frame: Uint8Array, at: number): LinkResult {
  return ipOrNot(afterVlanTags(frame, at, at + 2));
}

/**
 * Skips 802.1Q / 802.1ad tags. `typeAt` is where the current EtherType is, `payloadAt` where
 * the bytes it describes begin; each tag is a 2-byte TCI followed by the next EtherType.
 */
function afterVlanTags(frame: Uint8Array, typeAt: number, payloadAt: number): LinkResult {
  let etherType = u16be(frame, typeAt);
  let offset = payloadAt;
  for (let tags = 0; VLAN_TAG_TYPES.has(etherType); tags++) {
    if (tags === MAX_VLAN_TAGS || offset + 4 > frame.length) return 'malformed';
    etherType = u16be(frame, offset + 2);
    offset += 4;
  }
  return { etherType, offset };
}

function ipOrNot(result: LinkResult): LinkResult {
  if (typeof result === 'string') return result;
  return result.etherType === ETHERTYPE_IPV4 || result.etherType === ETHERTYPE_IPV6
    ? result
    : 'non-ip';
}

/**
 * BSD loopback: a 4-byte address family. DLT_NULL stores it in the capturing host's byte
 * order, which the file does not record, so both orders are tried; DLT_LOOP is big-endian.
 */
function afterFamily(frame: Uint8Array, eitherOrder: boolean): LinkResult {
  if (frame.length < 4) return 'malformed';
  const orders = eitherOrder ? [false, true] : [false];
  for (const littleEndian of orders) {
    const family = u32(frame, 0, littleEndian);
    if (family === AF_INET) return { etherType: ETHERTYPE_IPV4, offset: 4 };
    if (AF_INET6.has(family)) return { etherType: ETHERTYPE_IPV6, offset: 4 };
  }
  return 'non-ip';
}

function fromVersionNibble(frame: Uint8Array, offset: number): LinkResult {
  const first = frame[offset];
  if (first === undefined) return 'malformed';
  const version = first >> 4;
  if (version === 4) return { etherType: ETHERTYPE_IPV4, offset };
  if (version === 6) return { etherType: ETHERTYPE_IPV6, offset };
  return 'malformed';
}
