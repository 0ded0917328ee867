import { formatTimeNs, formatValue, type ValueColumn } from '../../format/value-format.js';
import { BrailleCanvas } from './braille-canvas.js';
import { legendRow } from './legend.js';
import { fitRow, type ChartRow } from './segments.js';
import type { ChartData, ChartSeries } from './timeseries-data.js';

/** Below this many plot rows or columns a chart says nothing; a one-line summary does better. */
export const MIN_PLOT_ROWS = 2;
export const MIN_PLOT_COLUMNS = 4;
const PLAIN_NUMBERS: ValueColumn = { type: 'FLOAT64', semantic: 'ST_NONE' };

interface Bounds {
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Draws series as braille lines in at most `height` rows of `width` cells: a y-axis with
 * max/mid/min labels on the left, then an x-axis row with the first and last time (UTC).
 * Series i gets colour index i. The y range always includes zero, as Pixie's charts do,
 * which also gives all-equal values a range. With no points it returns "no data yet";
 * without room for a plot it returns the one-line legend instead.
 */
export function renderLineChart(data: ChartData, width: number, height: number): ChartRow[] {
  if (width < 1 || height < 1) return [];
  const bounds = boundsOf(data.series);
  if (bounds === undefined) return [fitRow([{ text: 'no data yet' }], width)];
  const plotRows = height - 1;
  if (plotRows < MIN_PLOT_ROWS) return [legendRow(data, width)];
  const ticks = yTicks(bounds, plotRows, data.axis ?? PLAIN_NUMBERS);
  const labelWidth = Math.max(...[...ticks.values()].map((t) => t.length));
  const plotColumns = width - labelWidth - 1;
  if (plotColumns < MIN_PLOT_COLUMNS) return [legendRow(data, width)];

  const canvas = new BrailleCanvas(plotColumns, plotRows);
  data.series.forEach((series, i) => {
    drawSeries(canvas, series, i, bounds);
  });
  const rows: ChartRow[] = canvas.toRows().map((cells, r) => {
    const tick = ticks.get(r);
    const gutter = (tick ?? '').padStart(labelWidth) + (tick === undefined ? '│' : '┤');
    return [{ text: gutter }, ...cells];
  });
  rows.push(xAxisRow(bounds, labelWidth, plotColumns));
  return rows;
}

function boundsOf(series: readonly ChartSeries[]): Bounds | undefined {
  const points = series.flatMap((s) => s.points);
  const first = points[0];
  if (first === undefined) return undefined;
  let startNs = first.timeNs;
  let endNs = first.timeNs;
  let lo = 0;
  let hi = 0;
  for (const p of points) {
    if (p.timeNs < startNs) startNs = p.timeNs;
    if (p.timeNs > endNs) endNs = p.timeNs;
    lo = Math.min(lo, p.value);
    hi = Math.max(hi, p.value);
  }
  return { startNs, endNs, lo, hi: hi === lo ? lo + 1 : hi };
}

/** Tick labels by plot row: max on the first, min on the last, their mean in the middle. */
function yTicks(bounds: Bounds, plotRows: number, axis: ValueColumn): Map<number, string> {
  const label = (value: number): string => formatValue(Number(value.toPrecision(3)), axis);
  const ticks = new Map([
    [0, label(bounds.hi)],
    [plotRows - 1, label(bounds.lo)],
  ]);
  // With an even row count the middle falls between two rows: half a row off beats "1.27".
  if (plotRows >= 3) ticks.set(Math.floor((plotRows - 1) / 2), label((bounds.hi + bounds.lo) / 2));
  return ticks;
}

function drawSeries(canvas: BrailleCanvas, series: ChartSeries, color: number, b: Bounds): void {
  const spanNs = Number(b.endNs - b.startNs);
  const x = (timeNs: bigint): number =>
    spanNs === 0
      ? Math.floor((canvas.dotWidth - 1) / 2)
      : Math.round((Number(timeNs - b.startNs) / spanNs) * (canvas.dotWidth - 1));
  const y = (value: number): number =>
    Math.round(((b.hi - value) / (b.hi - b.lo)) * (canvas.dotHeight - 1));
  const dots = series.points.map((p) => [x(p.timeNs), y(p.value)] as const);
  const [first] = dots;
  if (first !== undefined) canvas.plot(first[0], first[1], color);
  for (let i = 1; i < dots.length; i++) {
    const [x0, y0] = dots[i - 1] as readonly [number, number];
    const [x1, y1] = dots[i] as readonly [number, number];
    canvas.line(x0, y0, x1, y1, color);
  }
}

/** "└12:00:00───12:05:00", or a bare line when the times do not fit. */
function xAxisRow(b: Bounds, labelWidth: number, columns: number): ChartRow {
  const clock = (ns: bigint): string => formatTimeNs(ns).slice(11, 19);
  const start = clock(b.startNs);
  const end = b.endNs === b.startNs ? '' : clock(b.endNs);
  const dashes = columns - start.length - end.length;
  const body = dashes >= 1 ? start + '─'.repeat(dashes) + end : '─'.repeat(columns);
  return [{ text: `${' '.repeat(labelWidth)}└${body}` }];
}
