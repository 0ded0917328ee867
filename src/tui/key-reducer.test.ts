import { describe, expect, it } from 'vitest';
import {
  pickerMatches,
  reduceKey,
  SERVICE_MAP_SCRIPT,
  type KeyContext,
  type KeyPress,
  type KeyResult,
} from './key-reducer.js';
import { currentTable, withTable, type ViewState } from './view-state.js';

const SCRIPTS = ['px/http_data', 'px/service_map', 'px/service_stats', 'px/dns_data'];

const ctx: KeyContext = {
  visibleRows: 10,
  columnCount: 4,
  pageSize: 3,
  panelCount: 3,
  detailable: true,
  scriptNames: SCRIPTS,
};

const start: ViewState = {
  scriptName: 'px/http_data',
  args: ['--start_time=-5m'],
  panel: 0,
  tables: {},
  mode: { kind: 'view' },
  paused: false,
  refreshMs: 2000,
};

const key = (input: string, extra: Omit<KeyPress, 'input'> = {}): KeyPress => ({ input, ...extra });
const special = (extra: Omit<KeyPress, 'input'>): KeyPress => ({ input: '', ...extra });

/** Presses keys in turn; returns the last result. */
function press(state: ViewState, keys: readonly KeyPress[], context = ctx): KeyResult {
  let result: KeyResult = { state, effect: null };
  for (const k of keys) result = reduceKey(result.state, k, context);
  return result;
}

const type = (text: string): KeyPress[] => Array.from(text, (ch) => key(ch));
const selected = (state: ViewState): number => currentTable(state).selected;

describe('selection', () => {
  it('moves down and up with j/k and the arrows', () => {
    expect(selected(press(start, [key('j'), key('j')]).state)).toBe(2);
    expect(selected(press(start, [special({ down: true }), special({ down: true })]).state)).toBe(
      2,
    );
    expect(selected(press(start, [key('j'), key('j'), key('k')]).state)).toBe(1);
    expect(selected(press(start, [key('j'), special({ up: true })]).state)).toBe(0);
  });

  it('stays within the visible rows', () => {
    expect(selected(press(start, [key('k')]).state)).toBe(0);
    const many = Array.from({ length: 15 }, () => key('j'));
    expect(selected(press(start, many).state)).toBe(9);
    expect(selected(press(start, [key('j')], { ...ctx, visibleRows: 0 }).state)).toBe(0);
  });

  it('pages by the page size and clamps', () => {
    const pageDown = special({ pageDown: true });
    const pageUp = special({ pageUp: true });
    expect(selected(press(start, [pageDown]).state)).toBe(3);
    expect(selected(press(start, [pageDown, pageDown, pageDown, pageDown]).state)).toBe(9);
    expect(selected(press(start, [pageDown, pageDown, pageUp]).state)).toBe(3);
    expect(selected(press(start, [pageDown, pageUp, pageUp]).state)).toBe(0);
  });

  it('jumps to the first and the last row with g and G', () => {
    expect(selected(press(start, [key('G')]).state)).toBe(9);
    expect(selected(press(start, [key('G'), key('g')]).state)).toBe(0);
  });

  it('does not ask for a re-run', () => {
    expect(press(start, [key('j')]).effect).toBeNull();
  });
});

describe('sorting', () => {
  it('sorts by the next / previous column with > and <, largest first', () => {
    expect(currentTable(press(start, [key('>')]).state).sort).toEqual({
      column: 0,
      descending: true,
    });
    expect(currentTable(press(start, [key('<')]).state).sort).toEqual({
      column: 3,
      descending: true,
    });
    expect(currentTable(press(start, [key('>'), key('>')]).state).sort?.column).toBe(1);
    expect(currentTable(press(start, [key('<'), key('<')]).state).sort?.column).toBe(2);
  });

  it('stops at the first and the last column', () => {
    const right = Array.from({ length: 8 }, () => key('>'));
    const left = Array.from({ length: 8 }, () => key('<'));
    expect(currentTable(press(start, right).state).sort?.column).toBe(3);
    expect(currentTable(press(start, left).state).sort?.column).toBe(0);
  });

  it('reverses the sort with s, and resets the selection', () => {
    const sorted = press(start, [key('>'), key('j'), key('j')]).state;
    const reversed = reduceKey(sorted, key('s'), ctx).state;
    expect(currentTable(reversed).sort).toEqual({ column: 0, descending: false });
    expect(selected(reversed)).toBe(0);
    expect(currentTable(reduceKey(reversed, key('s'), ctx).state).sort?.descending).toBe(true);
  });

  it('ignores s without a sort', () => {
    expect(press(start, [key('s')])).toEqual({ state: start, effect: null });
  });
});

describe('horizontal scroll', () => {
  const firstColumn = (state: ViewState): number => currentTable(state).firstColumn;

  it('scrolls columns with the arrows and h/l', () => {
    expect(firstColumn(press(start, [special({ right: true })]).state)).toBe(1);
    expect(firstColumn(press(start, [key('l'), key('l'), key('h')]).state)).toBe(1);
    expect(firstColumn(press(start, [key('l'), special({ left: true })]).state)).toBe(0);
  });

  it('stays within the columns', () => {
    expect(firstColumn(press(start, [key('h')]).state)).toBe(0);
    const right = Array.from({ length: 9 }, () => key('l'));
    expect(firstColumn(press(start, right).state)).toBe(3);
    expect(firstColumn(press(start, right, { ...ctx, columnCount: 0 }).state)).toBe(0);
  });
});

describe('panels', () => {
  it('cycles with Tab and back with shift-Tab', () => {
    const tab = special({ tab: true });
    const back = special({ tab: true, shift: true });
    expect(press(start, [tab]).state.panel).toBe(1);
    expect(press(start, [tab, tab, tab]).state.panel).toBe(0);
    expect(press(start, [back]).state.panel).toBe(2);
    expect(press(start, [tab, back]).state.panel).toBe(0);
  });

  it('jumps to a panel by its number, ignoring numbers past the last', () => {
    expect(press(start, [key('3')]).state.panel).toBe(2);
    expect(press(start, [key('2'), key('1')]).state.panel).toBe(0);
    expect(press(start, [key('2'), key('4')]).state.panel).toBe(1);
    expect(press(start, [key('0')]).state.panel).toBe(0);
  });

  it('keeps each panel its own table state', () => {
    const state = press(start, [key('j'), key('j'), special({ tab: true }), key('j')]).state;
    expect(selected(state)).toBe(1);
    expect(selected({ ...state, panel: 0 })).toBe(2);
  });
});

describe('filter', () => {
  it('narrows as the user types, with the selection back at the top', () => {
    const typing = press(start, [key('j'), key('j'), key('/'), ...type('car')]).state;
    expect(typing.mode).toEqual({ kind: 'filter', text: 'car' });
    expect(currentTable(typing).filter).toBe('car');
    expect(selected(typing)).toBe(0);
  });

  it('treats command keys as text while typing', () => {
    const typing = press(start, [key('/'), ...type('q?jp')]);
    expect(typing.effect).toBeNull();
    expect(currentTable(typing.state).filter).toBe('q?jp');
    expect(selected(typing.state)).toBe(0);
  });

  it('edits with backspace and ctrl-u', () => {
    const typed = press(start, [key('/'), ...type('cart'), special({ backspace: true })]).state;
    expect(currentTable(typed).filter).toBe('car');
    const cleared = reduceKey(typed, key('u', { ctrl: true }), ctx).state;
    expect(currentTable(cleared).filter).toBe('');
  });

  it('keeps the filter on Enter and clears it on Esc', () => {
    const typed = press(start, [key('/'), ...type('cart')]).state;
    const kept = reduceKey(typed, special({ enter: true }), ctx).state;
    expect(kept.mode).toEqual({ kind: 'view' });
    expect(currentTable(kept).filter).toBe('cart');
    const dropped = reduceKey(typed, special({ escape: true }), ctx).state;
    expect(dropped.mode).toEqual({ kind: 'view' });
    expect(currentTable(dropped).filter).toBe('');
  });

  it('reopens with the current filter, and Esc in the view clears it', () => {
    const kept = press(start, [key('/'), ...type('cart'), special({ enter: true })]).state;
    expect(reduceKey(kept, key('/'), ctx).state.mode).toEqual({ kind: 'filter', text: 'cart' });
    expect(currentTable(reduceKey(kept, special({ escape: true }), ctx).state).filter).toBe('');
  });

  it('belongs to the table it was typed in', () => {
    const kept = press(start, [key('/'), ...type('cart'), special({ enter: true })]).state;
    const other = press(kept, [special({ tab: true })]).state;
    expect(currentTable(other).filter).toBe('');
    expect(currentTable({ ...other, panel: 0 }).filter).toBe('cart');
  });
});

describe('arguments', () => {
  it('opens with the current args and re-runs with the edited ones on Enter', () => {
    const editing = press(start, [key('a')]).state;
    expect(editing.mode).toEqual({ kind: 'args', text: '--start_time=-5m' });
    const typed = press(editing, type(' --filter="a b"'));
    expect(typed.effect).toBeNull();
    expect(typed.state.args).toEqual(start.args);
    const done = reduceKey(typed.state, special({ enter: true }), ctx);
    expect(done.effect).toBe('refresh');
    expect(done.state.args).toEqual(['--start_time=-5m', '--filter=a b']);
    expect(done.state.mode).toEqual({ kind: 'view' });
  });

  it('leaves the args unchanged on Esc', () => {
    const result = press(start, [key('a'), ...type(' --x=1'), special({ escape: true })]);
    expect(result.effect).toBeNull();
    expect(result.state.args).toEqual(start.args);
    expect(result.state.mode).toEqual({ kind: 'view' });
  });
});

describe('script picker', () => {
  it('matches script names fuzzily, best first', () => {
    expect(pickerMatches(SCRIPTS, 'map')).toEqual(['px/service_map']);
    expect(pickerMatches(SCRIPTS, 'data').sort()).toEqual(['px/dns_data', 'px/http_data']);
    expect(pickerMatches(SCRIPTS, 'stats')[0]).toBe('px/service_stats');
    expect(pickerMatches(SCRIPTS, '')).toEqual(SCRIPTS);
  });

  it('switches to the chosen script with fresh args on the first panel', () => {
    const moved = press(start, [special({ tab: true })]).state;
    const picking = press(moved, [key('p'), ...type('stats')]).state;
    expect(picking.mode).toEqual({ kind: 'picker', query: 'stats', selected: 0 });
    const result = reduceKey(picking, special({ enter: true }), ctx);
    expect(result.effect).toBe('refresh');
    expect(result.state).toMatchObject({
      scriptName: 'px/service_stats',
      args: [],
      panel: 0,
      mode: { kind: 'view' },
    });
  });

  it('moves through the matches with the arrows, within bounds', () => {
    const down = special({ down: true });
    const up = special({ up: true });
    const picking = press(start, [key('p'), ...type('data'), down, down, down]).state;
    expect(picking.mode).toMatchObject({ selected: 1 });
    const second = pickerMatches(SCRIPTS, 'data')[1];
    expect(reduceKey(picking, special({ enter: true }), ctx).state.scriptName).toBe(second);
    expect(press(picking, [up, up, up]).state.mode).toMatchObject({ selected: 0 });
  });

  it('starts again from the best match when the query changes', () => {
    const picking = press(start, [key('p'), special({ down: true }), key('d')]).state;
    expect(picking.mode).toEqual({ kind: 'picker', query: 'd', selected: 0 });
  });

  it('does nothing on Enter without a match, and closes on Esc', () => {
    const none = press(start, [key('p'), ...type('zzz')]).state;
    expect(reduceKey(none, special({ enter: true }), ctx)).toEqual({ state: none, effect: null });
    const closed = reduceKey(none, special({ escape: true }), ctx);
    expect(closed.state.mode).toEqual({ kind: 'view' });
    expect(closed.state.scriptName).toBe(start.scriptName);
  });
});

describe('service map key', () => {
  it('switches to px/service_map when it exists', () => {
    const result = press(start, [key('2'), key('m')]);
    expect(result.effect).toBe('refresh');
    expect(result.state).toMatchObject({ scriptName: SERVICE_MAP_SCRIPT, args: [], panel: 0 });
  });

  it('does nothing when the script is not there', () => {
    const without = { ...ctx, scriptNames: ['px/http_data'] };
    expect(press(start, [key('m')], without)).toEqual({ state: start, effect: null });
  });
});

describe('run control', () => {
  it('pauses and resumes with space, asking for a refresh', () => {
    const paused = press(start, [key(' ')]);
    expect(paused.state.paused).toBe(true);
    expect(paused.effect).toBe('refresh');
    expect(reduceKey(paused.state, key(' '), ctx).state.paused).toBe(false);
  });

  it('re-runs now with r', () => {
    expect(press(start, [key('r')])).toEqual({ state: start, effect: 'refresh' });
  });

  it('steps the refresh period with + and -', () => {
    expect(press(start, [key('+')]).state.refreshMs).toBe(5000);
    expect(press(start, [key('-')]).state.refreshMs).toBe(1000);
    expect(press(start, [key('-'), key('-'), key('-')]).state.refreshMs).toBe(500);
  });

  it('quits on q and Ctrl-C', () => {
    expect(press(start, [key('q')]).effect).toBe('quit');
    expect(press(start, [key('c', { ctrl: true })]).effect).toBe('quit');
  });

  it('quits on Ctrl-C from any mode, but q is text in an input', () => {
    for (const opener of [key('/'), key('a'), key('p'), key('?')]) {
      expect(press(start, [opener, key('c', { ctrl: true })]).effect).toBe('quit');
    }
    expect(press(start, [key('/'), key('q')]).effect).toBeNull();
  });

  it('ignores keys it does not know', () => {
    expect(press(start, [key('x')])).toEqual({ state: start, effect: null });
  });
});

describe('help', () => {
  it('opens with ? and closes on any key, which does nothing else', () => {
    const help = press(start, [key('?')]).state;
    expect(help.mode).toEqual({ kind: 'help' });
    for (const k of [key('q'), key('j'), special({ escape: true }), key('?')]) {
      const result = reduceKey(help, k, ctx);
      expect(result).toEqual({ state: { ...help, mode: { kind: 'view' } }, effect: null });
    }
  });
});

describe('row detail', () => {
  const enter = special({ enter: true });

  it('opens on Enter for a table with rows', () => {
    expect(press(start, [enter]).state.mode).toEqual({ kind: 'detail', scroll: 0 });
  });

  it('stays in the view without rows or on a panel that is not a table', () => {
    expect(press(start, [enter], { ...ctx, visibleRows: 0 })).toEqual({
      state: start,
      effect: null,
    });
    expect(press(start, [enter], { ...ctx, detailable: false })).toEqual({
      state: start,
      effect: null,
    });
  });

  it('scrolls by line and page, never above the top', () => {
    const detail = press(start, [enter]).state;
    const scroll = (keys: KeyPress[]): unknown => press(detail, keys).state.mode;
    expect(scroll([key('j'), special({ down: true })])).toEqual({ kind: 'detail', scroll: 2 });
    expect(scroll([special({ pageDown: true }), key('k')])).toEqual({ kind: 'detail', scroll: 2 });
    expect(scroll([special({ pageDown: true }), special({ up: true })])).toEqual({
      kind: 'detail',
      scroll: 2,
    });
    expect(scroll([key('j'), special({ pageUp: true })])).toEqual({ kind: 'detail', scroll: 0 });
    expect(scroll([key('k')])).toEqual({ kind: 'detail', scroll: 0 });
  });

  it('closes on Esc, Enter or q without quitting, keeping the selection', () => {
    const detail = press(start, [key('j'), enter, key('j')]).state;
    for (const k of [special({ escape: true }), enter, key('q')]) {
      const result = reduceKey(detail, k, ctx);
      expect(result.effect).toBeNull();
      expect(result.state.mode).toEqual({ kind: 'view' });
      expect(selected(result.state)).toBe(1);
    }
  });
});

describe('state per script', () => {
  it('keeps a script’s table state when switching away and back', () => {
    const sorted = withTable(start, { sort: { column: 2, descending: true } });
    const away = press(sorted, [key('m')]).state;
    expect(currentTable(away).sort).toBeNull();
    const back = press(away, [key('p'), ...type('http'), enter()]).state;
    expect(back.scriptName).toBe('px/http_data');
    expect(currentTable(back).sort).toEqual({ column: 2, descending: true });
  });
});

function enter(): KeyPress {
  return special({ enter: true });
}

describe('control characters in inputs', () => {
  it('never types them into a filter', () => {
    const typed = press(start, [key('/'), key('a\rb\x1b')]).state;
    expect(typed.mode).toEqual({ kind: 'filter', text: 'ab' });
  });
});
