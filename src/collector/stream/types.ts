/**
 * The stream model: the one shape in which both capture sources (eBPF and libpcap/capture
 * files) hand traffic to the connection tracker and the protocol parsers. Parsers are written
 * and tested once, on these bytes, whatever produced them.
 *
 * Directions are always relative to the traced endpoint ("local"): egress = sent by the local
 * process, ingress = received by it. For packet captures the server side is the local side.
 */

/** Pixie's trace_role bit values: 1 client, 2 server, 4 unknown. */
export type StreamRole = 1 | 2 | 4;

export type Direction = 'egress' | 'ingress';

export type Transport = 'tcp' | 'udp';

export interface Endpoint {
  /** Dotted IPv4 or RFC 5952 IPv6 text; "-" when unknown. */
  readonly addr: string;
  readonly port: number;
}

/**
 * A capture source's handle for one connection. Unique for the life of a capture session: a
 * reused fd or a reused 4-tuple gets a new id.
 */
export type ConnId = number;

/** The process behind a connection, when the source knows it. */
export interface ProcessRef {
  readonly pid: number;
  /** Process start time in clock ticks since boot (from /proc/<pid>/stat), so reused pids differ. */
  readonly startTicks: number;
  /**
   * The process's command name at event time (its main thread's comm, as /proc/<pid>/comm), when
   * the source knows it (eBPF); capture files do not.
   */
  readonly comm?: string;
}

export interface ConnOpen {
  readonly kind: 'open';
  readonly connId: ConnId;
  readonly timeNs: bigint;
  readonly transport: Transport;
  readonly role: StreamRole;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly process?: ProcessRef;
  readonly fd?: number;
}

export interface ConnClose {
  readonly kind: 'close';
  readonly connId: ConnId;
  readonly timeNs: bigint;
}

/**
 * Bytes seen on a connection in one direction. `offset` is the position of the first byte in
 * that direction's stream; `length` is how many bytes the syscall or segment really carried.
 * When `data.length < length` the source captured only a prefix: the rest is a gap, and the
 * next chunk's offset shows it.
 */
export interface DataChunk {
  readonly kind: 'data';
  readonly connId: ConnId;
  readonly direction: Direction;
  readonly offset: number;
  readonly length: number;
  readonly timeNs: bigint;
  readonly data: Uint8Array;
}

/** One UDP datagram; each carries its own addressing (one server fd serves many peers). */
export interface Datagram {
  readonly kind: 'datagram';
  readonly direction: Direction;
  readonly timeNs: bigint;
  /** The datagram's true payload size; more than `data.length` when only a prefix was captured. */
  readonly length: number;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly role: StreamRole;
  readonly data: Uint8Array;
  readonly process?: ProcessRef;
}

export type StreamEvent = ConnOpen | ConnClose | DataChunk | Datagram;
