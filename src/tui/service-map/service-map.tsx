import type React from 'react';
import { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { ResultTable } from '../../pxl/exec/result.js';
import type { MapRow } from './canvas.js';
import { serviceMapRows } from './service-map-rows.js';

export interface ServiceMapProps {
  readonly table: ResultTable;
  /** The widget's displaySpec: a px.vispb.Graph or px.vispb.RequestGraph. */
  readonly spec: Readonly<Record<string, unknown>>;
  readonly width: number;
  readonly height: number;
  /** Index of the highlighted edge, heaviest first (the edge table's order). */
  readonly selected?: number;
}

function Row({ row }: { readonly row: MapRow }): React.JSX.Element {
  if (row.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {row.map((segment, i) => (
        <Text
          key={i}
          {...(segment.color === undefined ? {} : { color: segment.color })}
          bold={segment.bold === true}
          inverse={segment.inverse === true}
        >
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}

/**
 * A service map widget: the graph drawn in the terminal, or an edge table when it does not
 * fit. It renders at most `height` lines of at most `width` cells, so the surrounding layout
 * never grows past the screen (which makes Ink repaint the whole terminal).
 */
export function ServiceMap(props: ServiceMapProps): React.JSX.Element {
  const { table, spec, width, height, selected } = props;
  const rows = useMemo(
    () => serviceMapRows(table, spec, { width, height }, selected),
    [table, spec, width, height, selected],
  );
  return (
    <Box flexDirection="column" width={Math.max(0, width)} height={rows.length} overflow="hidden">
      {rows.map((row, i) => (
        <Row key={i} row={row} />
      ))}
    </Box>
  );
}
