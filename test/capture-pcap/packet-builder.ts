/**
 * A tiny packet builder for capture tests: IPv4/IPv6 packets with TCP or UDP inside, wrapped in
 * the link-layer headers px decodes. Checksums are left zero (px does not check them, as
 * offloading makes them unreliable in captures anyway).
 */

export const TCP_FLAGS = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10 } as const;

export interface Addr {
  readonly ip: string;
  readonly port: number;
}

export function bytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function u16(value: number): Uint8Array {
  return new Uint8Array([(value >> 8) & 0xff, value & 0xff]);
}

function u32(value: number): Uint8Array {
  return new Uint8Array([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

export function parseIp(text: string): Uint8Array {
  if (!text.includes(':')) return new Uint8Array(text.split('.').map(Number));
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return concat(...all.map(u16));
}

export function tcpHeader(
  srcPort: number,
  dstPort: number,
  seq: number,
  flags: string | number,
  payload: Uint8Array = new Uint8Array(0),
): Uint8Array {
  let flagBits = typeof flags === 'number' ? flags : 0;
  if (typeof flags === 'string')
    for (const f of flags) flagBits |= TCP_FLAGS[f as keyof typeof TCP_FLAGS];
  return concat(
    u16(srcPort),
    u16(dstPort),
    u32(seq >>> 0),
    u32(0),
    new Uint8Array([5 << 4, flagBits]),
    u16(65535),
    u32(0),
    payload,
  );
}

export function udpHeader(srcPort: number, dstPort: number, payload: Uint8Array): Uint8Array {
  return concat(u16(srcPort), u16(dstPort), u16(8 + payload.length), u16(0), payload);
}

export interface Ipv4Options {
  readonly options?: Uint8Array;
  readonly fragmentOffset?: number;
  readonly moreFragments?: boolean;
  readonly totalLength?: number;
}

export function ipv4(
  src: string,
  dst: string,
  protocol: number,
  payload: Uint8Array,
  opts: Ipv4Options = {},
): Uint8Array {
  const options = opts.options ?? new Uint8Array(0);
  const headerLength = 20 + options.length;
  const total = opts.totalLength ?? headerLength + payload.length;
  const fragment =
    ((opts.moreFragments ?? false) ? 0x2000 : 0) | ((opts.fragmentOffset ?? 0) & 0x1fff);
  return concat(
    new Uint8Array([0x40 | (headerLength / 4), 0]),
    u16(total),
    u16(0),
    u16(fragment),
    new Uint8Array([64, protocol]),
    u16(0),
    parseIp(src),
    parseIp(dst),
    options,
    payload,
  );
}

export interface Ipv6Extension {
  readonly type: number;
  /** The header's bytes after the next-header byte (length byte included). */
  readonly body: Uint8Array;
}

export function ipv6(
  src: string,
  dst: string,
  protocol: number,
  payload: Uint8Array,
  extensions: readonly Ipv6Extension[] = [],
): Uint8Array {
  const chain: Uint8Array[] = [];
  extensions.forEach((ext, i) => {
    const next = extensions[i + 1]?.type ?? protocol;
    chain.push(concat(new Uint8Array([next]), ext.body));
  });
  const rest = concat(...chain, payload);
  return concat(
    new Uint8Array([0x60, 0, 0, 0]),
    u16(rest.length),
    new Uint8Array([extensions[0]?.type ?? protocol, 64]),
    parseIp(src),
    parseIp(dst),
    rest,
  );
}

/** An IP packet (v4 or v6 by the address form) carrying `transport`. */
export function ipPacket(
  src: string,
  dst: string,
  protocol: number,
  transport: Uint8Array,
): Uint8Array {
  return src.includes(':')
    ? ipv6(src, dst, protocol, transport)
    : ipv4(src, dst, protocol, transport);
}

function etherTypeOf(ip: Uint8Array): number {
  return (ip[0] ?? 0) >> 4 === 6 ? 0x86dd : 0x0800;
}

export function ethernet(
  ip: Uint8Array,
  vlanTpids: readonly number[] = [],
  etherType = etherTypeOf(ip),
): Uint8Array {
  const mac = new Uint8Array(12).fill(0x02);
  const tags = vlanTpids.map((tpid, i) => concat(u16(tpid), u16(100 + i)));
  return concat(mac, ...tags, u16(etherType), ip);
}

export function sll(ip: Uint8Array, etherType = etherTypeOf(ip)): Uint8Array {
  return concat(u16(0), u16(772), u16(6), new Uint8Array(8), u16(etherType), ip);
}

export function sll2(ip: Uint8Array, etherType = etherTypeOf(ip)): Uint8Array {
  return concat(
    u16(etherType),
    u16(0),
    u32(1),
    u16(772),
    new Uint8Array([0, 6]),
    new Uint8Array(8),
    ip,
  );
}

/** BSD DLT_NULL (host byte order) or DLT_LOOP (big-endian) with an AF_* family. */
export function bsdLoopback(ip: Uint8Array, family: number, littleEndian: boolean): Uint8Array {
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, family, littleEndian);
  return concat(header, ip);
}

export const IPPROTO = { tcp: 6, udp: 17, icmp: 1 } as const;

/**
 * One TCP connection's packets, with sequence numbers computed from stream offsets, so tests
 * can say "the server's bytes 100..200" and send them in any order.
 */
export class TcpFlow {
  private readonly nextOffset = { c2s: 0, s2c: 0 };

  constructor(
    readonly client: Addr,
    readonly server: Addr,
    readonly clientIsn = 1000,
    readonly serverIsn = 900_000,
  ) {}

  syn(): Uint8Array {
    return this.packet('c2s', this.clientIsn, 'S');
  }

  synAck(): Uint8Array {
    return this.packet('s2c', this.serverIsn, 'SA');
  }

  /** Data (or a bare flag segment) at a stream offset; by default right after the last one sent. */
  send(
    direction: 'c2s' | 's2c',
    content: string | Uint8Array = '',
    opts: { offset?: number; flags?: string } = {},
  ): Uint8Array {
    const payload = bytes(content);
    const offset = opts.offset ?? this.nextOffset[direction];
    this.nextOffset[direction] = Math.max(this.nextOffset[direction], offset + payload.length);
    const isn = direction === 'c2s' ? this.clientIsn : this.serverIsn;
    const flags = opts.flags ?? (payload.length > 0 ? 'PA' : 'A');
    return this.packet(direction, isn + 1 + offset, flags, payload);
  }

  private packet(
    direction: 'c2s' | 's2c',
    seq: number,
    flags: string,
    payload?: Uint8Array,
  ): Uint8Array {
    const [from, to] =
      direction === 'c2s' ? [this.client, this.server] : [this.server, this.client];
    return ipPacket(
      from.ip,
      to.ip,
      IPPROTO.tcp,
      tcpHeader(from.port, to.port, seq, flags, payload),
    );
  }
}
