import type React from 'react';
import type { BarPanelProps } from './bar-chart.js';
import { ChartRows } from './chart-rows.js';
import { barLines, layoutBars, noticeRows } from './bar-layout.js';
import {
  DEFAULT_MAXBINS,
  extractHistogram,
  histogramBars,
  parseHistogramSpec,
} from './histogram-data.js';

/**
 * A HistogramChart widget: one bar per bin, the bin's range on the left and its count on the
 * right. A short panel gets fewer, wider bins rather than a cut-off histogram.
 */
export function HistogramChart(props: BarPanelProps): React.JSX.Element {
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
