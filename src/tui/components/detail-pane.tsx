import { Box, Text } from 'ink';
import type { ResultTable } from '../../pxl/exec/result.js';
import { rowDetailLines } from '../table/row-detail.js';

export interface DetailPaneProps {
  readonly table: ResultTable;
  readonly row: number;
  readonly scroll: number;
  readonly width: number;
  readonly height: number;
}

/** Enter on a row: every column in full, JSON pretty-printed, scrolled with ↑↓/PgUp/PgDn. */
export function DetailPane(props: DetailPaneProps): React.JSX.Element {
  const { table, row, width, height } = props;
  const names = new Set(table.columns.map((c) => c.name));
  const lines = rowDetailLines(table, row, Math.max(10, width - 2));
  const bodyHeight = Math.max(1, height - 1);
  const scroll = Math.min(props.scroll, Math.max(0, lines.length - bodyHeight));
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {`row detail — lines ${scroll + 1}–${Math.min(lines.length, scroll + bodyHeight)} of ${lines.length} · Esc closes`}
      </Text>
      {lines.slice(scroll, scroll + bodyHeight).map((line, i) => (
        <Text key={scroll + i} {...(names.has(line) ? { color: 'cyan' } : {})} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
}
