import { describe, expect, it } from 'vitest';
import type { RowBatch } from '../../store/index.js';
import type { ProtocolRecord } from '../protocols/common/types.js';
import { RecordSink, type RecordOrigin } from './record-sink.js';

const origin: RecordOrigin = {
  open: {
    local: { addr: '10.0.0.1', port: 5432 },
    remote: { addr: '10.0.0.2', port: 40000 },
    process: { pid: 7, startTicks: 9 },
  },
  role: 2,
  encrypted: false,
};

function record(timeNs: bigint, values: ProtocolRecord['values']): ProtocolRecord {
  return { table: 'pgsql_events', timeNs, values };
}

function column(batch: RowBatch | undefined, name: string): unknown[] {
  return Array.from((batch?.columns[name] ?? []) as ArrayLike<unknown>);
}

describe('RecordSink', () => {
  it('adds the canonical columns from the origin, which win over record values', () => {
    const sink = new RecordSink();
    sink.add(record(5n, { req_cmd: 'Query', req: 'select 1', resp: '1', latency: 3 }), origin);
    sink.add(record(6n, { req_cmd: 'Sync', req: '', resp: '', latency: 4, time_: 1 }), origin);
    const rows = sink.take().get('pgsql_events');
    expect(column(rows, 'time_')).toEqual([5n, 6n]);
    expect(column(rows, 'upid')).toEqual([(7n << 64n) | 9n, (7n << 64n) | 9n]);
    expect(column(rows, 'remote_port')).toEqual([40000, 40000]);
    expect(column(rows, 'local_addr')).toEqual(['10.0.0.1', '10.0.0.1']);
    expect(column(rows, 'trace_role')).toEqual([2, 2]);
    expect(column(rows, 'req_cmd')).toEqual(['Query', 'Sync']);
    expect(column(rows, 'latency')).toEqual([3, 4]);
  });

  it('reads records whose keys come in another order, or are missing or unknown', () => {
    const sink = new RecordSink();
    sink.add(record(1n, { req_cmd: 'Query', req: 'a', resp: 'b', latency: 1 }), origin);
    sink.add(record(2n, { latency: 2, resp: 'd', req: 'c', req_cmd: 'Parse' }), origin);
    sink.add(record(3n, { req: 'e', extra: 'ignored' }), origin);
    sink.add(record(4n, { req_cmd: 'Bind', req: 'f', resp: 'g', latency: 4 }), origin);
    const rows = sink.take().get('pgsql_events');
    expect(column(rows, 'req_cmd')).toEqual(['Query', 'Parse', '', 'Bind']);
    expect(column(rows, 'req')).toEqual(['a', 'c', 'e', 'f']);
    expect(column(rows, 'resp')).toEqual(['b', 'd', '', 'g']);
    expect(column(rows, 'latency')).toEqual([1, 2, 0, 4]);
  });

  it('keeps each table apart when records of several tables interleave', () => {
    const sink = new RecordSink();
    sink.add(record(1n, { req_cmd: 'Query', req: 'a', resp: 'b', latency: 1 }), origin);
    const dns = { req_header: 'h', req_body: 'q', resp_header: 'r', resp_body: 'a', latency: 9 };
    sink.add({ table: 'dns_events', timeNs: 2n, values: dns }, origin);
    sink.add(record(3n, { req_cmd: 'Sync', req: '', resp: '', latency: 3 }), origin);
    const tables = sink.take();
    expect(column(tables.get('pgsql_events'), 'latency')).toEqual([1, 3]);
    expect(column(tables.get('dns_events'), 'latency')).toEqual([9]);
    expect(column(tables.get('dns_events'), 'req_body')).toEqual(['q']);
  });
});
