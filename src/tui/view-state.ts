import type { SortKey } from './table/table-model.js';

/** Where the user is in one table: sort, filter, selection and scroll. */
export interface TableState {
  readonly sort: SortKey | null;
  readonly filter: string;
  /** Index into the visible (filtered, sorted) rows. */
  readonly selected: number;
  readonly firstColumn: number;
}

export const INITIAL_TABLE: TableState = { sort: null, filter: '', selected: 0, firstColumn: 0 };

/** What has the keyboard: the panels, a one-line input, or an overlay. */
export type Mode =
  | { readonly kind: 'view' }
  | { readonly kind: 'filter'; readonly text: string }
  | { readonly kind: 'args'; readonly text: string }
  | { readonly kind: 'detail'; readonly scroll: number }
  | { readonly kind: 'picker'; readonly query: string; readonly selected: number }
  | { readonly kind: 'help' };

export interface ViewState {
  readonly scriptName: string;
  readonly args: readonly string[];
  readonly panel: number;
  /** Per script and panel, so switching tabs or scripts keeps each table's place. */
  readonly tables: Readonly<Record<string, TableState>>;
  readonly mode: Mode;
  readonly paused: boolean;
  readonly refreshMs: number;
}

export function tableKey(state: Pick<ViewState, 'scriptName' | 'panel'>): string {
  return `${state.scriptName}#${state.panel}`;
}

export function currentTable(state: ViewState): TableState {
  return state.tables[tableKey(state)] ?? INITIAL_TABLE;
}

export function withTable(state: ViewState, update: Partial<TableState>): ViewState {
  const key = tableKey(state);
  return { ...state, tables: { ...state.tables, [key]: { ...currentTable(state), ...update } } };
}

/** Refresh periods the `+` / `-` keys step through. */
export const REFRESH_STEPS_MS = [500, 1000, 2000, 5000, 10_000, 30_000] as const;

export function stepRefresh(current: number, direction: 1 | -1): number {
  const steps: readonly number[] = REFRESH_STEPS_MS;
  const next =
    direction === 1 ? steps.find((ms) => ms > current) : steps.findLast((ms) => ms < current);
  return next ?? current;
}

/** Splits the args line the user typed into flags, keeping quoted values whole. */
export function splitArgs(text: string): string[] {
  const args: string[] = [];
  const pattern = /(?:[^\s"']+|"[^"]*"|'[^']*')+/g;
  for (const match of text.matchAll(pattern)) {
    args.push(
      match[0].replace(/"([^"]*)"|'([^']*)'/g, (_all, double, single) => String(double ?? single)),
    );
  }
  return args;
}
