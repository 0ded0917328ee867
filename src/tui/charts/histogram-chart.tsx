import type React from 'react';
import type { ResultTable } from '../../pxl/exec/result.js';
import { ChartRows } from './bar-chart.js';
import { barLines, layoutBars, noticeRows } from './bar-layout.js';
import {
  DEFAULT_MAXBINS,
  extractHistogram,
  histogramBars,
  parseHistogramSpec,
} from './histogram-data.js';

export interface HistogramChartProps {
  readonly table: ResultTable;
  /** The widget's displaySpec from vis.json (a types.px.dev/px.vispb.HistogramChart). */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The rows to bin, e.g. the panel's filtered ones; all rows when absent. */
  readonly rows?: readonly number[];
  readonly width: number;
  /** Lines the chart may use; it never renders more. */
  readonly height: number;
}

/**
 * A HistogramChart widget: one bar per bin, the bin's range on the left and its count on the
 * right. A short panel gets fewer, wider bins rather than a cut-off histogram.
 */
export function HistogramChart(props: HistogramChartProps): React.JSX.Element {
  const spec = parseHistogramSpec(props.spec);
  if (spec === undefined) {
    const notice = 'the HistogramChart spec names no value column';
    return <ChartRows rows={noticeRows(notice, props.width, props.height)} />;
  }
  const heading = spec.title ?? '';
  const maxbins = Math.min(spec.maxbins ?? DEFAULT_MAXBINS, barLines(heading, false, props.height));
  const histogram = extractHistogram(props.table, spec, maxbins, props.rows);
  return (
    <ChartRows rows={layoutBars(histogramBars(histogram), heading, props.width, props.height)} />
  );
}
