import type React from 'react';
import type { ResultTable } from '../../pxl/exec/result.js';
import { extractBars, parseBarSpec } from './bar-data.js';
import { layoutBars, noticeRows } from './bar-layout.js';
import { ChartRows } from './chart-rows.js';

/** What a bar-drawn chart (BarChart, HistogramChart) is given. */
export interface BarPanelProps {
  readonly table: ResultTable;
  /** The widget's displaySpec from vis.json. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The rows to draw, e.g. the panel's filtered and sorted ones; all rows when absent. */
  readonly rows?: readonly number[];
  readonly width: number;
  /** Lines the chart may use; it never renders more. */
  readonly height: number;
}

/** A BarChart widget: one horizontal bar per label, stacks as coloured segments. */
export function BarChart(props: BarPanelProps): React.JSX.Element {
  const spec = parseBarSpec(props.spec);
  if (spec === undefined) {
    const notice = 'the BarChart spec names no value or label column';
    return <ChartRows rows={noticeRows(notice, props.width, props.height)} />;
  }
  const data = extractBars(props.table, spec, props.rows);
  return <ChartRows rows={layoutBars(data, spec.title ?? '', props.width, props.height)} />;
}
