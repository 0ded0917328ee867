/**
 * Byte layout of the ring-buffer records, mirroring native/bpf/socket_trace.h (layout.test.ts
 * checks the two agree). All integers little-endian.
 */

export const ABI_VERSION = 2;

/** PX_COMM_BYTES: a task's command name, NUL-padded (TASK_COMM_LEN). */
export const COMM_BYTES = 16;

export const RecordKind = {
  connOpen: 1,
  connClose: 2,
  data: 3,
  datagram: 4,
} as const;

export const KernelDirection = { egress: 0, ingress: 1 } as const;

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const AF_INET = 2;
export const AF_INET6 = 10;

/** struct px_event_header */
export const Header = {
  size: 24,
  timestampNs: 0,
  kind: 8,
  source: 10,
  abiVersion: 11,
  tgid: 12,
  connId: 16,
} as const;

/** struct px_endpoint: addr[16], family u16, port u16 */
export const Endpoint = { size: 20, addr: 0, family: 16, port: 18 } as const;

/** struct px_conn_open */
export const ConnOpenRecord = {
  size: 96,
  procStartNs: 24,
  fd: 32,
  role: 36,
  protocol: 37,
  local: 40,
  remote: 60,
  comm: 80,
} as const;

/** struct px_conn_close */
export const ConnCloseRecord = {
  size: 48,
  bytesSent: 24,
  bytesReceived: 32,
  fd: 40,
} as const;

/** struct px_data, followed by `captured` payload bytes */
export const DataRecord = {
  size: 48,
  offset: 24,
  length: 32,
  captured: 36,
  direction: 40,
  payload: 48,
} as const;

/** struct px_datagram, followed by `captured` payload bytes */
export const DatagramRecord = {
  size: 104,
  procStartNs: 24,
  length: 32,
  captured: 36,
  direction: 40,
  role: 41,
  protocol: 42,
  fd: 44,
  local: 48,
  remote: 68,
  comm: 88,
  payload: 104,
} as const;

/** Batch framing written by native/addon/ring_reader.cc: u32 size, u32 reserved, record, pad to 8. */
export const BatchFraming = { headerSize: 8, align: 8 } as const;
