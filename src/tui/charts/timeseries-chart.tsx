import { Box, Text } from 'ink';
import type React from 'react';
import { layoutChart } from './chart-layout.js';
import type { ResultTable } from '../../pxl/exec/result.js';
import type { ChartRow } from './segments.js';
import { extractSeries, parseTimeseriesSpec } from './timeseries-data.js';

/** Series colours by colour index; eight, as many as a chart keeps by default. */
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

export interface TimeseriesChartProps {
  readonly table: ResultTable;
  /** The widget's displaySpec from vis.json (a types.px.dev/px.vispb.TimeseriesChart). */
  readonly spec: Readonly<Record<string, unknown>>;
  readonly width: number;
  /** Lines the chart may use; it never renders more. */
  readonly height: number;
  /** Overrides the spec's title (e.g. with the widget name). */
  readonly title?: string;
}

/** A TimeseriesChart widget: title, braille line chart, and a legend of latest values. */
export function TimeseriesChart(props: TimeseriesChartProps): React.JSX.Element {
  const spec = parseTimeseriesSpec(props.spec);
  const data = extractSeries(props.table, spec);
  const title = props.title ?? spec.title ?? '';
  const heading = spec.yAxisLabel === undefined ? title : `${title} (${spec.yAxisLabel})`.trim();
  const rows = layoutChart(data, heading, props.width, props.height);
  return (
    <Box flexDirection="column" width={props.width}>
      {rows.map((row, i) => (
        <ChartLine key={i} row={row} />
      ))}
    </Box>
  );
}

function ChartLine({ row }: { readonly row: ChartRow }): React.JSX.Element {
  return (
    <Text wrap="truncate">
      {row.map((segment, i) =>
        segment.colorIndex === undefined ? (
          segment.text
        ) : (
          <Text key={i} color={paletteColor(segment.colorIndex)}>
            {segment.text}
          </Text>
        ),
      )}
    </Text>
  );
}

export function paletteColor(colorIndex: number): string {
  return CHART_PALETTE[colorIndex % CHART_PALETTE.length] ?? 'white';
}
