import { describe, expect, it } from 'vitest';
import { TABLES } from './index.js';

// Column names and types exactly as Pixie's tables (reference/pixie-spec.md §1), so scripts
// written for Pixie find the columns they expect.
const CANONICAL = [
  'time_:TIME64NS',
  'upid:UINT128',
  'remote_addr:STRING',
  'remote_port:INT64',
  'local_addr:STRING',
  'local_port:INT64',
  'trace_role:INT64',
  'encrypted:BOOLEAN',
];

const EXPECTED: Record<string, string[]> = {
  http_events: [
    ...CANONICAL,
    'major_version:INT64',
    'minor_version:INT64',
    'content_type:INT64',
    'req_headers:STRING',
    'req_method:STRING',
    'req_path:STRING',
    'req_body:STRING',
    'req_body_size:INT64',
    'resp_headers:STRING',
    'resp_status:INT64',
    'resp_message:STRING',
    'resp_body:STRING',
    'resp_body_size:INT64',
    'latency:INT64',
  ],
  mysql_events: [
    ...CANONICAL,
    'req_cmd:INT64',
    'req_body:STRING',
    'resp_status:INT64',
    'resp_body:STRING',
    'latency:INT64',
  ],
  pgsql_events: [...CANONICAL, 'req_cmd:STRING', 'req:STRING', 'resp:STRING', 'latency:INT64'],
  dns_events: [
    ...CANONICAL,
    'req_header:STRING',
    'req_body:STRING',
    'resp_header:STRING',
    'resp_body:STRING',
    'latency:INT64',
  ],
  conn_stats: [
    'time_:TIME64NS',
    'upid:UINT128',
    'remote_addr:STRING',
    'remote_port:INT64',
    'trace_role:INT64',
    'addr_family:INT64',
    'protocol:INT64',
    'ssl:BOOLEAN',
    'conn_open:INT64',
    'conn_close:INT64',
    'conn_active:INT64',
    'bytes_sent:INT64',
    'bytes_recv:INT64',
  ],
  process_stats: [
    'time_:TIME64NS',
    'upid:UINT128',
    'major_faults:INT64',
    'minor_faults:INT64',
    'cpu_utime_ns:INT64',
    'cpu_ktime_ns:INT64',
    'num_threads:INT64',
    'vsize_bytes:INT64',
    'rss_bytes:INT64',
    'rchar_bytes:INT64',
    'wchar_bytes:INT64',
    'read_bytes:INT64',
    'write_bytes:INT64',
  ],
  network_stats: [
    'time_:TIME64NS',
    'pod_id:STRING',
    'rx_bytes:INT64',
    'rx_packets:INT64',
    'rx_errors:INT64',
    'rx_drops:INT64',
    'tx_bytes:INT64',
    'tx_packets:INT64',
    'tx_errors:INT64',
    'tx_drops:INT64',
  ],
};

describe('table schemas', () => {
  it('declares exactly the Pixie tables', () => {
    expect([...TABLES.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))(
    '%s has Pixie column names and types in order',
    (name, cols) => {
      const schema = TABLES.get(name);
      expect(schema?.columns.map((c) => `${c.name}:${c.type}`)).toEqual(cols);
    },
  );

  it('gives every column a one-line description', () => {
    for (const schema of TABLES.values()) {
      for (const c of schema.columns) {
        expect(c.description.length, `${schema.name}.${c.name}`).toBeGreaterThan(3);
        expect(c.description).not.toContain('\n');
      }
    }
  });

  it('carries units as semantic types: latency in ns, sizes in bytes, trace_role as enum', () => {
    const http = TABLES.get('http_events');
    const byName = new Map(http?.columns.map((c) => [c.name, c]));
    expect(byName.get('latency')?.semantic).toBe('ST_DURATION_NS');
    expect(byName.get('resp_body_size')?.semantic).toBe('ST_BYTES');
    expect(byName.get('upid')?.semantic).toBe('ST_UPID');
    expect(byName.get('trace_role')?.enumValues).toEqual({
      1: 'client',
      2: 'server',
      4: 'unknown',
    });
    const proc = TABLES.get('process_stats');
    const rss = proc?.columns.find((c) => c.name === 'rss_bytes');
    expect(rss?.semantic).toBe('ST_BYTES');
    expect(rss?.pattern).toBe('METRIC_GAUGE');
  });
});
