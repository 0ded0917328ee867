import { describe, expect, it } from 'vitest';
import type { ResultColumn } from '../../pxl/exec/result.js';
import {
  numberColumn,
  resultTable,
  stringColumn,
  timeColumn,
} from '../charts/testing/chart-table.js';
import { rowDetailLines } from './row-detail.js';

const body: ResultColumn = {
  name: 'req_body',
  type: 'STRING',
  semantic: 'ST_NONE',
  values: ['{"user":"ada","items":[1,2]}', 'not { json'],
};

const table = resultTable([
  timeColumn([0, 1]),
  stringColumn('service', ['cart', 'checkout']),
  body,
  numberColumn('latency', [1.5, 2]),
]);

describe('rowDetailLines', () => {
  it('lists every column name, then its value indented', () => {
    const lines = rowDetailLines(table, 1, 80);
    expect(lines).toEqual([
      'time_',
      '  2023-11-14 22:13:21.000 +0000 UTC',
      'service',
      '  checkout',
      'req_body',
      '  not { json',
      'latency',
      '  2',
    ]);
  });

  it('pretty-prints JSON values', () => {
    const lines = rowDetailLines(table, 0, 80);
    const start = lines.indexOf('req_body') + 1;
    const end = lines.indexOf('latency');
    const json = lines.slice(start, end);
    expect(json).toEqual([
      '  {',
      '    "user": "ada",',
      '    "items": [',
      '      1,',
      '      2',
      '    ]',
      '  }',
    ]);
    expect(JSON.parse(json.join('\n'))).toEqual({ user: 'ada', items: [1, 2] });
  });

  it('wraps long lines to the width, indented, without losing text', () => {
    const long = 'x'.repeat(25) + 'y'.repeat(25);
    const wide = resultTable([stringColumn('path', [long])]);
    const lines = rowDetailLines(wide, 0, 20);
    expect(lines[0]).toBe('path');
    const value = lines.slice(1);
    expect(value.length).toBe(3);
    expect(value.every((line) => line.length <= 20 && line.startsWith('  '))).toBe(true);
    expect(value.map((line) => line.slice(2)).join('')).toBe(long);
  });

  it('keeps every column of a wide row, each value line within the width', () => {
    const columns = Array.from({ length: 30 }, (_, i) =>
      stringColumn(`col_${i}`, [`{"k${i}":"${'v'.repeat(i * 5)}"}`]),
    );
    const lines = rowDetailLines(resultTable(columns), 0, 24);
    for (let i = 0; i < 30; i++) expect(lines).toContain(`col_${i}`);
    expect(lines.every((line) => line.length <= 24)).toBe(true);
    expect(lines.join('')).toContain('v'.repeat(20));
  });

  it('shows values of the row asked for', () => {
    const first = rowDetailLines(table, 0, 80);
    expect(first).toContain('  cart');
    expect(first).toContain('  1.5');
    expect(first).toContain('  2023-11-14 22:13:20.000 +0000 UTC');
  });
});
