import { formatCompact } from '../../format/value-format.js';
import { barBlocks } from './bar-blocks.js';
import type { Bar, BarData } from './bar-data.js';
import { fitRow, rowText, type ChartRow, type Segment } from './segments.js';

/**
 * Labels take at most half the room beside the values: a readable label beats a longer bar,
 * and eighth blocks keep even short bars precise.
 */
const LABEL_SHARE = 0.5;

/** What a bar layout spends its lines on, besides the bars. */
interface Frame {
  readonly head: boolean;
  readonly legend: boolean;
  readonly barLines: number;
}

function frameOf(heading: string, stacked: boolean, height: number): Frame {
  const head = heading !== '' && height >= 2;
  const legend = stacked && height - (head ? 1 : 0) >= 2;
  return { head, legend, barLines: Math.max(0, height - (head ? 1 : 0) - (legend ? 1 : 0)) };
}

/** Lines left for bars under the heading (and legend): how many bins a histogram may use. */
export function barLines(heading: string, stacked: boolean, height: number): number {
  return frameOf(heading, stacked, height).barLines;
}

/** A one-line message in place of a chart, within the same bounds. */
export function noticeRows(text: string, width: number, height: number): ChartRow[] {
  return width < 1 || height < 1 ? [] : [fitRow([{ text }], width)];
}

/**
 * Heading, one line per bar, and a legend of stack colours when bars are split, in at most
 * `height` lines of at most `width` cells. With more bars than lines it keeps the largest
 * totals, still in data order, and says how many it left out.
 */
export function layoutBars(
  data: BarData,
  heading: string,
  width: number,
  height: number,
): ChartRow[] {
  if (width < 1 || height < 1) return [];
  const frame = frameOf(heading, data.stacks.length > 0, height);
  const head = frame.head ? [fitRow([{ text: heading }], width)] : [];
  if (data.bars.length === 0) return [...head, fitRow([{ text: 'no data yet' }], width)];
  const { shown, hidden } = pickBars(data.bars, frame.barLines);
  // pickBars leaves a line for "+N more" unless a single line is all there is.
  const more =
    hidden > 0 && shown.length < frame.barLines
      ? [fitRow([{ text: `+${hidden} more` }], width)]
      : [];
  const legend = frame.legend ? [legendRow(data.stacks, width)] : [];
  return [...head, ...barRows(shown, data, width), ...more, ...legend];
}

/** The bars that fit in `lines`, one line kept for "+N more" when some are left out. */
export function pickBars(
  bars: readonly Bar[],
  lines: number,
): { shown: readonly Bar[]; hidden: number } {
  if (bars.length <= lines) return { shown: bars, hidden: 0 };
  const keep = lines >= 2 ? lines - 1 : 1;
  const largest = new Set(
    bars
      .map((bar, index) => ({ bar, index }))
      .sort((a, b) => b.bar.total - a.bar.total || a.index - b.index)
      .slice(0, keep)
      .map(({ bar }) => bar),
  );
  const shown = bars.filter((bar) => largest.has(bar));
  return { shown, hidden: bars.length - shown.length };
}

/** "label ████▍    12 ms": labels cut to fit, bars scaled to the largest, values aligned right. */
function barRows(bars: readonly Bar[], data: BarData, width: number): ChartRow[] {
  const values = bars.map((bar) => formatCompact(bar.total, data.column));
  const valueWidth = Math.max(...values.map(cellWidth));
  const longestLabel = Math.max(...bars.map((bar) => cellWidth(bar.label)));
  const room = width - valueWidth - 2;
  const labelWidth = Math.min(longestLabel, Math.max(1, Math.floor(room * LABEL_SHARE)));
  const columns = room - labelWidth;
  const max = Math.max(0, ...bars.map((bar) => positiveSum(bar.parts)));
  return bars.map((bar, i) => {
    const value = values[i] ?? '';
    // Too narrow for bars: label and value still say what matters.
    if (columns < 1) return fitRow([{ text: `${bar.label} ${value}` }], width);
    const blocks = barBlocks(bar.parts, max, columns);
    const drawn = cellWidth(rowText(blocks));
    const label = padCells(cutLabel(bar.label, labelWidth), labelWidth);
    const tail = ' '.repeat(columns - drawn + 1) + value.padStart(valueWidth);
    return fitRow([{ text: `${label} ` }, ...blocks, { text: tail }], width);
  });
}

/** "● GET  ● POST  ● (other)": each stack's colour and name. */
function legendRow(stacks: readonly string[], width: number): ChartRow {
  const row: Segment[] = [];
  stacks.forEach((name, i) => {
    if (i > 0) row.push({ text: '  ' });
    row.push({ text: '●', colorIndex: i }, { text: ` ${name}` });
  });
  return fitRow(row, width);
}

function positiveSum(parts: readonly number[]): number {
  return parts.reduce((sum, part) => (Number.isFinite(part) && part > 0 ? sum + part : sum), 0);
}

function cutLabel(label: string, width: number): string {
  return rowText(fitRow([{ text: label }], width));
}

function cellWidth(text: string): number {
  return Array.from(text).length;
}

function padCells(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - cellWidth(text)));
}
