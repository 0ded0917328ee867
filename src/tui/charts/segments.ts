/**
 * A chart row as coloured runs of text, so pure renderers stay free of React and Ink and the
 * component only maps colour indexes to terminal colours.
 */
export interface Segment {
  readonly text: string;
  /** Index into the chart palette; absent for axes and plain text. */
  readonly colorIndex?: number;
}

export type ChartRow = readonly Segment[];

/** The row's text without colours. */
export function rowText(row: ChartRow): string {
  return row.map((s) => s.text).join('');
}

/** Cuts a row to `width` cells, ending in "…" when something was cut. */
export function fitRow(row: ChartRow, width: number): ChartRow {
  if (width <= 0) return [];
  if (Array.from(rowText(row)).length <= width) return row;
  const fitted: Segment[] = [];
  let room = width - 1;
  for (const segment of row) {
    if (room <= 0) break;
    const chars = Array.from(segment.text).slice(0, room);
    room -= chars.length;
    fitted.push({ ...segment, text: chars.join('') });
  }
  fitted.push({ text: '…' });
  return fitted;
}
