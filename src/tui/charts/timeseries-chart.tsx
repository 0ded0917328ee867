import type React from 'react';
import { layoutChart } from './chart-layout.js';
import type { ResultTable } from '../../pxl/exec/result.js';
import { ChartRows } from './chart-rows.js';
import { extractSeries, parseTimeseriesSpec } from './timeseries-data.js';

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
  return (
    <ChartRows rows={layoutChart(data, heading, props.width, props.height)} width={props.width} />
  );
}
