import { Box, Text } from 'ink';
import type { ResultTable } from '../../pxl/exec/result.js';
import { fit, isNumeric, layoutColumns, type TableText } from '../table/table-model.js';
import type { TableState } from '../view-state.js';

export interface DataTableProps {
  readonly table: ResultTable;
  readonly text: TableText;
  /** Visible rows (filtered and sorted), as indexes into the table. */
  readonly rows: readonly number[];
  readonly state: TableState;
  readonly width: number;
  /** Lines available, header and footer included. */
  readonly height: number;
}

/** First row shown so that the selection stays on screen. */
export function scrollTop(selected: number, bodyHeight: number): number {
  return Math.max(0, selected - bodyHeight + 1);
}

function footer(props: DataTableProps, top: number, shown: number): string {
  const { rows, table, state, text } = props;
  const range = rows.length === 0 ? 'no rows' : `rows ${top + 1}–${top + shown} of ${rows.length}`;
  const parts = [range];
  if (state.filter !== '') parts.push(`filter "${state.filter}" (of ${table.rowCount})`);
  if (state.sort !== null) {
    const name = text.headers[state.sort.column] ?? '';
    parts.push(`sorted by ${name} ${state.sort.descending ? '▼' : '▲'}`);
  }
  if (state.firstColumn > 0) parts.push(`← ${state.firstColumn} columns`);
  return parts.join(' · ');
}

/**
 * A table that fits the terminal: column widths shrink to the width (horizontal scrolling for
 * the rest), numbers right-aligned, the selected row highlighted, never taller than `height`.
 */
export function DataTable(props: DataTableProps): React.JSX.Element {
  const { table, text, rows, state, width, height } = props;
  const layout = layoutColumns(
    text,
    rows,
    Math.min(state.firstColumn, text.headers.length - 1),
    width,
  );
  const columns = layout.widths.map((w, i) => ({ index: layout.first + i, width: w }));
  const right = columns.map((c) => {
    const column = table.columns[c.index];
    return column !== undefined && isNumeric(column);
  });
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => {
        const w = columns[i]?.width ?? 0;
        return right[i] && cell.length <= w ? cell.padStart(w) : fit(cell, w);
      })
      .join('  ');
  const header = line(
    columns.map((c) => {
      const name = text.headers[c.index] ?? '';
      if (state.sort?.column !== c.index) return name;
      return `${name} ${state.sort.descending ? '▼' : '▲'}`;
    }),
  );
  const bodyHeight = Math.max(1, height - 2);
  const top = scrollTop(state.selected, bodyHeight);
  const shown = rows.slice(top, top + bodyHeight);
  const more = text.headers.length - layout.first - columns.length;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color="cyan" wrap="truncate">
        {header}
        {more > 0 ? `  +${more} →` : ''}
      </Text>
      {shown.map((row, i) => (
        <Text key={row} inverse={top + i === state.selected} wrap="truncate">
          {line(columns.map((c) => text.cells[c.index]?.[row] ?? ''))}
        </Text>
      ))}
      <Box flexGrow={1} />
      <Text dimColor wrap="truncate">
        {footer(props, top, shown.length)}
      </Text>
    </Box>
  );
}
