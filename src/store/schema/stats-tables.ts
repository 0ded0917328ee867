import { timeColumn, upidColumn } from './canonical.js';
import { column, type ColumnSpec, type TableSchema } from './types.js';

const counter = (name: string, description: string, bytes = false): ColumnSpec =>
  column(name, 'INT64', description, {
    pattern: 'METRIC_COUNTER',
    ...(bytes ? { semantic: 'ST_BYTES' as const } : {}),
  });

const gauge = (name: string, description: string, bytes = false): ColumnSpec =>
  column(name, 'INT64', description, {
    pattern: 'METRIC_GAUGE',
    ...(bytes ? { semantic: 'ST_BYTES' as const } : {}),
  });

/** conn_stats.protocol values, shared with the collector's protocol inference. */
export const CONN_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'HTTP',
  2: 'HTTP2',
  3: 'MySQL',
  4: 'CQL',
  5: 'PGSQL',
  6: 'DNS',
  7: 'Redis',
  8: 'NATS',
  9: 'Mongo',
  10: 'Kafka',
  11: 'Mux',
  12: 'AMQP',
  13: 'TLS',
};

export const connStats: TableSchema = {
  name: 'conn_stats',
  description: 'Per-connection byte and open/close counters, cumulative since capture began.',
  columns: [
    timeColumn,
    upidColumn,
    column('remote_addr', 'STRING', 'Peer IP address.', { semantic: 'ST_IP_ADDRESS' }),
    column('remote_port', 'INT64', 'Peer port.', { semantic: 'ST_PORT' }),
    column('trace_role', 'INT64', 'Side of the traced process: 1 client, 2 server, 4 unknown.', {
      enumValues: { 1: 'client', 2: 'server', 4: 'unknown' },
    }),
    column('addr_family', 'INT64', 'Address family: 2 IPv4, 10 IPv6.', {
      enumValues: { 0: 'unknown', 2: 'inet', 10: 'inet6' },
    }),
    column('protocol', 'INT64', 'Inferred protocol.', { enumValues: CONN_PROTOCOLS }),
    column('ssl', 'BOOLEAN', 'True when the connection carries TLS.'),
    counter('conn_open', 'Connections opened.'),
    counter('conn_close', 'Connections closed.'),
    gauge('conn_active', 'Connections open now.'),
    counter('bytes_sent', 'Bytes sent by the traced process.', true),
    counter('bytes_recv', 'Bytes received by the traced process.', true),
  ],
};

export const processStats: TableSchema = {
  name: 'process_stats',
  description: 'Per-process CPU, memory and I/O, sampled every second.',
  columns: [
    timeColumn,
    upidColumn,
    counter('major_faults', 'Major page faults.'),
    counter('minor_faults', 'Minor page faults.'),
    column('cpu_utime_ns', 'INT64', 'User CPU time.', {
      semantic: 'ST_DURATION_NS',
      pattern: 'METRIC_COUNTER',
    }),
    column('cpu_ktime_ns', 'INT64', 'Kernel CPU time.', {
      semantic: 'ST_DURATION_NS',
      pattern: 'METRIC_COUNTER',
    }),
    gauge('num_threads', 'Threads.'),
    gauge('vsize_bytes', 'Virtual memory size.', true),
    gauge('rss_bytes', 'Resident set size.', true),
    counter('rchar_bytes', 'Bytes read through read-like syscalls.', true),
    counter('wchar_bytes', 'Bytes written through write-like syscalls.', true),
    counter('read_bytes', 'Bytes read from storage.', true),
    counter('write_bytes', 'Bytes written to storage.', true),
  ],
};

export const networkStats: TableSchema = {
  name: 'network_stats',
  description: 'Per network namespace interface counters, sampled every second.',
  columns: [
    timeColumn,
    column('pod_id', 'STRING', 'Network namespace id standing in for a pod (host: "host").'),
    counter('rx_bytes', 'Bytes received.', true),
    counter('rx_packets', 'Packets received.'),
    counter('rx_errors', 'Receive errors.'),
    counter('rx_drops', 'Receive drops.'),
    counter('tx_bytes', 'Bytes sent.', true),
    counter('tx_packets', 'Packets sent.'),
    counter('tx_errors', 'Send errors.'),
    counter('tx_drops', 'Send drops.'),
  ],
};
