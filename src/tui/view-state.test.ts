import { describe, expect, it } from 'vitest';
import {
  currentTable,
  INITIAL_TABLE,
  REFRESH_STEPS_MS,
  splitArgs,
  stepRefresh,
  tableKey,
  withTable,
  type ViewState,
} from './view-state.js';

const state: ViewState = {
  scriptName: 'px/service_stats',
  args: [],
  panel: 0,
  tables: {},
  mode: { kind: 'view' },
  paused: false,
  refreshMs: 2000,
};

describe('stepRefresh', () => {
  it('steps up and down through the refresh periods', () => {
    expect(stepRefresh(2000, 1)).toBe(5000);
    expect(stepRefresh(2000, -1)).toBe(1000);
    expect(stepRefresh(500, 1)).toBe(1000);
    expect(stepRefresh(10_000, -1)).toBe(5000);
  });

  it('stops at the shortest and the longest period', () => {
    expect(stepRefresh(500, -1)).toBe(500);
    expect(stepRefresh(30_000, 1)).toBe(30_000);
  });

  it('walks every step from the shortest to the longest and back', () => {
    const up: number[] = [500];
    for (let i = 0; i < REFRESH_STEPS_MS.length - 1; i++) up.push(stepRefresh(up.at(-1) ?? 0, 1));
    expect(up).toEqual([...REFRESH_STEPS_MS]);
    const down: number[] = [30_000];
    for (let i = 0; i < REFRESH_STEPS_MS.length - 1; i++)
      down.push(stepRefresh(down.at(-1) ?? 0, -1));
    expect(down).toEqual([...REFRESH_STEPS_MS].reverse());
  });

  it('moves a period between two steps onto a neighbouring step', () => {
    expect(stepRefresh(1500, -1)).toBe(1000);
  });
});

describe('splitArgs', () => {
  it('splits flags on whitespace', () => {
    expect(splitArgs('--start_time=-5m   --service=cart ')).toEqual([
      '--start_time=-5m',
      '--service=cart',
    ]);
  });

  it('gives no args for an empty or blank line', () => {
    expect(splitArgs('')).toEqual([]);
    expect(splitArgs('   ')).toEqual([]);
  });

  it('keeps double- and single-quoted values whole, without the quotes', () => {
    expect(splitArgs('--filter="GET /api/v1" --name=\'a b\' -x')).toEqual([
      '--filter=GET /api/v1',
      '--name=a b',
      '-x',
    ]);
    expect(splitArgs('"two words"')).toEqual(['two words']);
  });
});

describe('per-table state', () => {
  it('starts every table at the initial state', () => {
    expect(currentTable(state)).toEqual(INITIAL_TABLE);
  });

  it('keys tables by script and panel', () => {
    expect(tableKey(state)).toBe('px/service_stats#0');
    expect(tableKey({ scriptName: 'px/http_data', panel: 2 })).toBe('px/http_data#2');
  });

  it('updates only the current table and keeps its other fields', () => {
    const filtered = withTable(state, { filter: 'cart', selected: 3 });
    const sorted = withTable(filtered, { sort: { column: 1, descending: true } });
    expect(currentTable(sorted)).toEqual({
      sort: { column: 1, descending: true },
      filter: 'cart',
      selected: 3,
      firstColumn: 0,
    });
    // The input state is not changed.
    expect(currentTable(state)).toEqual(INITIAL_TABLE);
  });

  it('keeps each panel and each script in its own place', () => {
    const panel0 = withTable(state, { filter: 'a' });
    const panel1 = withTable({ ...panel0, panel: 1 }, { filter: 'b' });
    const other = withTable({ ...panel1, scriptName: 'px/http_data', panel: 0 }, { filter: 'c' });
    expect(currentTable({ ...other, scriptName: 'px/service_stats', panel: 0 }).filter).toBe('a');
    expect(currentTable({ ...other, scriptName: 'px/service_stats', panel: 1 }).filter).toBe('b');
    expect(currentTable(other).filter).toBe('c');
    expect(currentTable({ ...other, panel: 1 })).toEqual(INITIAL_TABLE);
  });
});

describe('stepRefresh outside the ladder', () => {
  it('never moves against the direction asked for', () => {
    expect(stepRefresh(60_000, 1)).toBe(60_000);
    expect(stepRefresh(60_000, -1)).toBe(30_000);
    expect(stepRefresh(200, -1)).toBe(200);
    expect(stepRefresh(200, 1)).toBe(500);
    expect(stepRefresh(1500, 1)).toBe(2000);
    expect(stepRefresh(1500, -1)).toBe(1000);
  });
});

describe('splitArgs quoting', () => {
  it('strips only the enclosing quotes of a value', () => {
    expect(splitArgs(`--name="O'Brien" --q='say "hi"'`)).toEqual([
      "--name=O'Brien",
      '--q=say "hi"',
    ]);
  });
});
