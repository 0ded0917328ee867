import { describe, expect, it } from 'vitest';
import type { ResultColumn, ResultTable } from '../pxl/exec/result.js';
import {
  renderCsv,
  renderJson,
  renderResults,
  renderTable,
  rfc3339Nano,
} from './result-renderers.js';

const columns: ResultColumn[] = [
  {
    name: 'time_',
    type: 'TIME64NS',
    semantic: 'ST_NONE',
    values: BigInt64Array.of(1_704_207_845_123_456_000n, 1_704_207_846_000_000_000n),
  },
  { name: 'upid', type: 'UINT128', semantic: 'ST_UPID', values: [(42n << 64n) | 7n, 0n] },
  {
    name: 'req_path',
    type: 'STRING',
    semantic: 'ST_NONE',
    values: ['/api/items', 'a,"quoted"\npath'],
  },
  {
    name: 'latency',
    type: 'INT64',
    semantic: 'ST_DURATION_NS',
    values: Float64Array.of(1_500_000, 2e9),
  },
  { name: 'ok', type: 'BOOLEAN', semantic: 'ST_NONE', values: Uint8Array.of(1, 0) },
];
const table: ResultTable = {
  name: 'output',
  relation: columns.map(({ name, type, semantic }) => ({ name, type, semantic })),
  rowCount: 2,
  columns,
};

describe('result renderers', () => {
  it('prints RFC 3339 times with trimmed nanoseconds', () => {
    expect(rfc3339Nano(1_704_207_845_123_456_000n)).toBe('2024-01-02T15:04:05.123456Z');
    expect(rfc3339Nano(1_704_207_846_000_000_000n)).toBe('2024-01-02T15:04:06Z');
  });

  it('json: one object per row, _tableName_ first, times and upids as text', () => {
    const lines = renderJson(table).trimEnd().split('\n');
    expect(lines[0]).toBe(
      '{"_tableName_":"output","time_":"2024-01-02T15:04:05.123456Z","upid":"00000000-0000-002a-0000-000000000007","req_path":"/api/items","latency":1500000,"ok":true}',
    );
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({
      req_path: 'a,"quoted"\npath',
      latency: 2e9,
      ok: false,
    });
  });

  it('table: Table ID, upper-case headers, aligned columns, formatted values', () => {
    expect(renderTable(table)).toBe(
      [
        'Table ID: output',
        'TIME_                              UPID                                  REQ_PATH         LATENCY  OK',
        '2024-01-02 15:04:05.123 +0000 UTC  00000000-0000-002a-0000-000000000007  /api/items       1.5 ms   true',
        '2024-01-02 15:04:06.000 +0000 UTC  00000000-0000-0000-0000-000000000000  a,"quoted" path  2 s      false',
        '',
      ].join('\n'),
    );
  });

  it('csv: table_id column and quoting of commas, quotes and newlines', () => {
    const lines = renderCsv(table).split('\n');
    expect(lines[0]).toBe('table_id,time_,upid,req_path,latency,ok');
    expect(lines[1]).toBe(
      'output,2024-01-02 15:04:05.123 +0000 UTC,00000000-0000-002a-0000-000000000007,/api/items,1.5 ms,true',
    );
    expect(renderCsv(table)).toContain('"a,""quoted""\npath"');
  });

  it('joins several tables', () => {
    expect(renderResults([table, { ...table, name: 'second' }], 'json').split('\n').length).toBe(5);
  });
});
