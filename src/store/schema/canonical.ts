import { column } from './types.js';

/** trace_role values are bit flags in Pixie; scripts compare against 1 and 2 directly. */
export const TRACE_ROLE = { client: 1, server: 2, unknown: 4 } as const;
export type TraceRole = (typeof TRACE_ROLE)[keyof typeof TRACE_ROLE];

export const timeColumn = column(
  'time_',
  'TIME64NS',
  'When the event was recorded, Unix ns (for request/response tables: the response).',
  { pattern: 'METRIC_COUNTER' },
);

export const upidColumn = column(
  'upid',
  'UINT128',
  'Unique process id: high 64 bits asid<<32 | pid, low 64 bits process start time (clock ticks).',
  { semantic: 'ST_UPID' },
);

/** The eight columns every protocol table starts with, in Pixie's order. */
export const canonicalProtocolColumns = [
  timeColumn,
  upidColumn,
  column('remote_addr', 'STRING', 'Peer IP address ("-" when unknown).', {
    semantic: 'ST_IP_ADDRESS',
  }),
  column('remote_port', 'INT64', 'Peer port.', { semantic: 'ST_PORT' }),
  column('local_addr', 'STRING', 'Local IP address of the traced socket.', {
    semantic: 'ST_IP_ADDRESS',
  }),
  column('local_port', 'INT64', 'Local port of the traced socket.', { semantic: 'ST_PORT' }),
  column('trace_role', 'INT64', 'Side that recorded the event: 1 client, 2 server, 4 unknown.', {
    enumValues: { 1: 'client', 2: 'server', 4: 'unknown' },
  }),
  column('encrypted', 'BOOLEAN', 'True when the payload was captured in clear from a TLS library.'),
] as const;

export const latencyColumn = column(
  'latency',
  'INT64',
  'Last byte of the request to last byte of the response, ns.',
  { semantic: 'ST_DURATION_NS' },
);
