import { legendRow } from './legend.js';
import { renderLineChart } from './line-chart.js';
import { fitRow, type ChartRow } from './segments.js';
import type { ChartData } from './timeseries-data.js';

/**
 * Title, chart and legend in at most `height` rows: the app sizes widgets so that Ink never
 * draws more lines than the terminal has. Without room for a plot it shows the title and the
 * one-line summary; the heading goes first when even that does not fit.
 */
export function layoutChart(
  data: ChartData,
  heading: string,
  width: number,
  height: number,
): ChartRow[] {
  if (width < 1 || height < 1) return [];
  const head: ChartRow[] =
    heading !== '' && height >= 2 ? [fitRow([{ text: heading }], width)] : [];
  const room = height - head.length;
  const chart = renderLineChart(data, width, Math.max(1, room - 1));
  const legend = chart.length > 1 ? [legendRow(data, width)] : [];
  return [...head, ...chart, ...legend];
}
