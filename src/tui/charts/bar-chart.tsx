import { Box, Text } from 'ink';
import type React from 'react';
import type { ResultTable } from '../../pxl/exec/result.js';
import { extractBars, parseBarSpec } from './bar-data.js';
import { layoutBars, noticeRows } from './bar-layout.js';
import type { ChartRow } from './segments.js';
import { paletteColor } from './timeseries-chart.js';

export interface BarChartProps {
  readonly table: ResultTable;
  /** The widget's displaySpec from vis.json (a types.px.dev/px.vispb.BarChart). */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The rows to draw, e.g. the panel's filtered and sorted ones; all rows when absent. */
  readonly rows?: readonly number[];
  readonly width: number;
  /** Lines the chart may use; it never renders more. */
  readonly height: number;
}

/** A BarChart widget: one horizontal bar per label, stacks as coloured segments. */
export function BarChart(props: BarChartProps): React.JSX.Element {
  const spec = parseBarSpec(props.spec);
  if (spec === undefined) {
    const notice = 'the BarChart spec names no value or label column';
    return <ChartRows rows={noticeRows(notice, props.width, props.height)} />;
  }
  const data = extractBars(props.table, spec, props.rows);
  return <ChartRows rows={layoutBars(data, spec.title ?? '', props.width, props.height)} />;
}

/** Rows of coloured segments, one Ink line each. */
export function ChartRows({ rows }: { readonly rows: readonly ChartRow[] }): React.JSX.Element {
  return (
    <Box flexDirection="column">
      {rows.map((row, i) => (
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
