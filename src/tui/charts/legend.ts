import { formatCompact } from '../../format/value-format.js';
import { fitRow, type ChartRow, type Segment } from './segments.js';
import type { ChartData } from './timeseries-data.js';

/** "● frontend 12 ms  ● backend 3 ms  +2 more": each series' colour, name and latest value. */
export function legendRow(data: ChartData, width: number): ChartRow {
  const row: Segment[] = [];
  data.series.forEach((series, i) => {
    if (i > 0) row.push({ text: '  ' });
    row.push(
      { text: '●', colorIndex: i },
      { text: ` ${series.name} ${formatCompact(series.latest, series.column)}` },
    );
  });
  if (data.dropped > 0) row.push({ text: `${row.length > 0 ? '  ' : ''}+${data.dropped} more` });
  return fitRow(row, width);
}
