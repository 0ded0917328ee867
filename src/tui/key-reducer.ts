import { fuzzyFilter } from './fuzzy.js';
import {
  currentTable,
  splitArgs,
  stepRefresh,
  withTable,
  type Mode,
  type ViewState,
} from './view-state.js';

/** A key as Ink reports it, reduced to what px uses. */
export interface KeyPress {
  readonly input: string;
  readonly up?: boolean;
  readonly down?: boolean;
  readonly left?: boolean;
  readonly right?: boolean;
  readonly pageUp?: boolean;
  readonly pageDown?: boolean;
  readonly enter?: boolean;
  readonly escape?: boolean;
  readonly tab?: boolean;
  readonly shift?: boolean;
  readonly backspace?: boolean;
  readonly ctrl?: boolean;
}

/** What the reducer needs to know about the screen as drawn. */
export interface KeyContext {
  readonly visibleRows: number;
  readonly columnCount: number;
  readonly pageSize: number;
  readonly panelCount: number;
  /** Whether the current panel is a table whose rows can be opened. */
  readonly detailable: boolean;
  readonly scriptNames: readonly string[];
}

export type Effect = 'quit' | 'refresh' | null;

export interface KeyResult {
  readonly state: ViewState;
  readonly effect: Effect;
}

export const SERVICE_MAP_SCRIPT = 'px/service_map';

const keep = (state: ViewState): KeyResult => ({ state, effect: null });
const refresh = (state: ViewState): KeyResult => ({ state, effect: 'refresh' });
const setMode = (state: ViewState, mode: Mode): KeyResult => keep({ ...state, mode });

/** Edits a one-line input; returns the new text, or null when the key is not an edit. */
function editText(text: string, press: KeyPress): string | null {
  if (press.backspace) return text.slice(0, -1);
  if (press.ctrl && press.input === 'u') return '';
  if (press.ctrl || press.up || press.down || press.tab) return null;
  // Control characters never become part of a filter or an argument (they would move the cursor).
  let typed = '';
  for (const ch of press.input) if (ch >= ' ' && ch !== '\x7f') typed += ch;
  return typed === '' ? null : text + typed;
}

export function pickerMatches(names: readonly string[], query: string): string[] {
  return fuzzyFilter(names, query, (name) => name);
}

function switchScript(state: ViewState, name: string): KeyResult {
  return refresh({ ...state, scriptName: name, args: [], panel: 0, mode: { kind: 'view' } });
}

function onPicker(
  state: ViewState,
  mode: Extract<Mode, { kind: 'picker' }>,
  press: KeyPress,
  ctx: KeyContext,
): KeyResult {
  const matches = pickerMatches(ctx.scriptNames, mode.query);
  if (press.escape) return setMode(state, { kind: 'view' });
  if (press.enter) {
    const chosen = matches[mode.selected];
    return chosen === undefined ? keep(state) : switchScript(state, chosen);
  }
  if (press.up || press.down) {
    const selected = Math.max(0, Math.min(matches.length - 1, mode.selected + (press.up ? -1 : 1)));
    return setMode(state, { ...mode, selected });
  }
  const query = editText(mode.query, press);
  return query === null ? keep(state) : setMode(state, { kind: 'picker', query, selected: 0 });
}

function onLineInput(
  state: ViewState,
  mode: Extract<Mode, { kind: 'filter' | 'args' }>,
  press: KeyPress,
): KeyResult {
  if (mode.kind === 'filter') {
    if (press.escape) return keep({ ...withTable(state, { filter: '' }), mode: { kind: 'view' } });
    if (press.enter) return setMode(state, { kind: 'view' });
    const text = editText(mode.text, press);
    if (text === null) return keep(state);
    // Filter as you type: the table narrows with every key.
    return keep({
      ...withTable(state, { filter: text, selected: 0 }),
      mode: { kind: 'filter', text },
    });
  }
  if (press.escape) return setMode(state, { kind: 'view' });
  if (press.enter) return refresh({ ...state, args: splitArgs(mode.text), mode: { kind: 'view' } });
  const text = editText(mode.text, press);
  return text === null ? keep(state) : setMode(state, { kind: 'args', text });
}

function onDetail(state: ViewState, scroll: number, press: KeyPress, ctx: KeyContext): KeyResult {
  if (press.escape || press.enter || press.input === 'q') return setMode(state, { kind: 'view' });
  const step = press.pageDown ? ctx.pageSize : press.pageUp ? -ctx.pageSize : 0;
  const move = press.down || press.input === 'j' ? 1 : press.up || press.input === 'k' ? -1 : step;
  return setMode(state, { kind: 'detail', scroll: Math.max(0, scroll + move) });
}

/** Selection moves within the visible rows. */
function moveSelection(state: ViewState, press: KeyPress, ctx: KeyContext): KeyResult | null {
  const { selected } = currentTable(state);
  const last = Math.max(0, ctx.visibleRows - 1);
  let next: number | null = null;
  if (press.down || press.input === 'j') next = selected + 1;
  else if (press.up || press.input === 'k') next = selected - 1;
  else if (press.pageDown) next = selected + ctx.pageSize;
  else if (press.pageUp) next = selected - ctx.pageSize;
  else if (press.input === 'g') next = 0;
  else if (press.input === 'G') next = last;
  if (next === null) return null;
  return keep(withTable(state, { selected: Math.max(0, Math.min(last, next)) }));
}

/** Sorting and horizontal scrolling. */
function onColumns(state: ViewState, press: KeyPress, ctx: KeyContext): KeyResult | null {
  const table = currentTable(state);
  const lastColumn = Math.max(0, ctx.columnCount - 1);
  if (press.input === '<' || press.input === '>') {
    const from = table.sort?.column ?? (press.input === '>' ? -1 : ctx.columnCount);
    const column = Math.max(0, Math.min(lastColumn, from + (press.input === '>' ? 1 : -1)));
    // Numbers and times are most useful largest first; the user reverses with `s`.
    return keep(withTable(state, { sort: { column, descending: true }, selected: 0 }));
  }
  if (press.input === 's' && table.sort !== null) {
    const sort = { ...table.sort, descending: !table.sort.descending };
    return keep(withTable(state, { sort, selected: 0 }));
  }
  const left = press.left || press.input === 'h';
  const right = press.right || press.input === 'l';
  if (!left && !right) return null;
  const firstColumn = Math.max(0, Math.min(lastColumn, table.firstColumn + (left ? -1 : 1)));
  return keep(withTable(state, { firstColumn }));
}

function onPanels(state: ViewState, press: KeyPress, ctx: KeyContext): KeyResult | null {
  const count = Math.max(1, ctx.panelCount);
  if (press.tab)
    return keep({ ...state, panel: (state.panel + (press.shift ? count - 1 : 1)) % count });
  const digit = Number(press.input);
  if (/^[1-9]$/.test(press.input) && digit <= count) return keep({ ...state, panel: digit - 1 });
  return null;
}

/** Keys that open an input or overlay, or change the run itself. */
function onCommands(state: ViewState, press: KeyPress, ctx: KeyContext): KeyResult | null {
  switch (press.input) {
    case 'q':
      return { state, effect: 'quit' };
    case '/':
      return setMode(state, { kind: 'filter', text: currentTable(state).filter });
    case 'a':
      return setMode(state, { kind: 'args', text: state.args.join(' ') });
    case 'p':
      return setMode(state, { kind: 'picker', query: '', selected: 0 });
    case '?':
      return setMode(state, { kind: 'help' });
    case ' ':
      return refresh({ ...state, paused: !state.paused });
    case 'r':
      return refresh(state);
    case '+':
      return keep({ ...state, refreshMs: stepRefresh(state.refreshMs, 1) });
    case '-':
      return keep({ ...state, refreshMs: stepRefresh(state.refreshMs, -1) });
    case 'm':
      return ctx.scriptNames.includes(SERVICE_MAP_SCRIPT)
        ? switchScript(state, SERVICE_MAP_SCRIPT)
        : null;
    default:
      return null;
  }
}

/** The whole keyboard of `px live`: the new view state, and whether to quit or re-run. */
export function reduceKey(state: ViewState, press: KeyPress, ctx: KeyContext): KeyResult {
  if (press.ctrl && press.input === 'c') return { state, effect: 'quit' };
  const mode = state.mode;
  switch (mode.kind) {
    case 'picker':
      return onPicker(state, mode, press, ctx);
    case 'filter':
    case 'args':
      return onLineInput(state, mode, press);
    case 'detail':
      return onDetail(state, mode.scroll, press, ctx);
    case 'help':
      return setMode(state, { kind: 'view' });
    case 'view':
      if (press.enter) {
        return ctx.detailable && ctx.visibleRows > 0
          ? setMode(state, { kind: 'detail', scroll: 0 })
          : keep(state);
      }
      if (press.escape) return keep(withTable(state, { filter: '' }));
      return (
        moveSelection(state, press, ctx) ??
        onColumns(state, press, ctx) ??
        onPanels(state, press, ctx) ??
        onCommands(state, press, ctx) ??
        keep(state)
      );
  }
}
