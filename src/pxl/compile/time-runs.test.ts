import { describe, expect, it } from 'vitest';
import { column, readTimeNs, Table, type TableSnapshot } from '../../store/index.js';
import { appendInTimeRuns } from './time-runs.js';

const FAR = 1_795_527_712_990_000_000n;

function times(snapshot: TableSnapshot, name: string): bigint[] {
  const c = snapshot.schema.columns.findIndex((spec) => spec.name === name);
  return snapshot.chunks.flatMap((chunk) =>
    Array.from({ length: chunk.rowCount }, (_, row) => readTimeNs(chunk, c, row)),
  );
}

describe('appendInTimeRuns', () => {
  it('keeps every time column exact when its values lie far apart', () => {
    const table = new Table(
      {
        name: 'lookup',
        description: '',
        columns: [
          column('key', 'STRING', ''),
          column('a', 'TIME64NS', ''),
          column('b', 'TIME64NS', ''),
        ],
      },
      8,
    );
    const columns = {
      key: ['x', 'y', 'z', 'w'],
      a: [0n, 0n, 0n, 5n],
      b: [FAR, 0n, 0n, FAR + 1n],
    };
    appendInTimeRuns(table, columns, 4);
    const snapshot = table.snapshot();
    expect(snapshot.rowCount).toBe(4);
    expect(times(snapshot, 'a')).toEqual(columns.a);
    expect(times(snapshot, 'b')).toEqual(columns.b);
    // Runs: [x], [y, z], [w]: one chunk per run.
    expect(snapshot.chunks.map((c) => c.rowCount)).toEqual([1, 2, 1]);
  });

  it('appends nothing for no rows and one chunk when times are close', () => {
    const schema = { name: 't', description: '', columns: [column('t', 'TIME64NS', '')] };
    const empty = new Table(schema, 4);
    appendInTimeRuns(empty, { t: [] }, 0);
    expect(empty.snapshot().rowCount).toBe(0);
    const close = new Table(schema, 4);
    appendInTimeRuns(close, { t: [FAR, FAR + 1000n, FAR - 7n] }, 3);
    expect(close.snapshot().chunks).toHaveLength(1);
    expect(times(close.snapshot(), 't')).toEqual([FAR, FAR + 1000n, FAR - 7n]);
  });
});
