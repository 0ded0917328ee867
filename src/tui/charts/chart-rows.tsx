import { Box, Text } from 'ink';
import type React from 'react';
import type { ChartRow } from './segments.js';

/** Series and stack colours by colour index; eight, as many as a chart keeps by default. */
export const CHART_PALETTE = [
  'cyan',
  'magenta',
  'yellow',
  'green',
  'blue',
  'red',
  'white',
  'gray',
] as const;

export function paletteColor(colorIndex: number): string {
  return CHART_PALETTE[colorIndex % CHART_PALETTE.length] ?? 'white';
}

/** Rows of coloured segments laid out by a chart, one Ink line each, cut at the edge. */
export function ChartRows(props: {
  readonly rows: readonly ChartRow[];
  readonly width?: number;
}): React.JSX.Element {
  return (
    <Box flexDirection="column" {...(props.width === undefined ? {} : { width: props.width })}>
      {props.rows.map((row, i) => (
        <Text key={i} wrap="truncate">
          {row.map((segment, j) =>
            segment.colorIndex === undefined ? (
              segment.text
            ) : (
              <Text key={j} color={paletteColor(segment.colorIndex)}>
                {segment.text}
              </Text>
            ),
          )}
        </Text>
      ))}
    </Box>
  );
}
