import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { BarChart } from '../charts/bar-chart.js';
import { HistogramChart } from '../charts/histogram-chart.js';
import { TimeseriesChart } from '../charts/timeseries-chart.js';
import type { Panel } from '../panels.js';
import { ServiceMap } from '../service-map/service-map.js';
import { tableText, visibleRows, type TableText } from '../table/table-model.js';
import type { TableState } from '../view-state.js';
import { DataTable } from './data-table.js';
import { DetailPane } from './detail-pane.js';

export interface PanelViewProps {
  readonly panel: Panel | undefined;
  readonly state: TableState;
  /** The panel's rows as usePanelRows gave them (the app needs them too, for key bounds). */
  readonly rows: PanelRows;
  /** Row detail open at this scroll offset, or null. */
  readonly detailScroll: number | null;
  readonly width: number;
  readonly height: number;
}

export interface PanelRows {
  readonly text: TableText | undefined;
  readonly rows: readonly number[];
}

/** The rows a table panel shows, for drawing and for the key reducer's bounds. */
export function usePanelRows(panel: Panel | undefined, state: TableState): PanelRows {
  const table = panel?.table;
  const text = useMemo(() => (table === undefined ? undefined : tableText(table)), [table]);
  const rows = useMemo(
    () =>
      table === undefined || text === undefined
        ? []
        : visibleRows(table, text, state.filter, state.sort),
    [table, text, state.filter, state.sort],
  );
  return { text, rows };
}

/** One widget: a table (with its row detail), a time-series, bar or histogram chart, or the map. */
export function PanelView(props: PanelViewProps): React.JSX.Element {
  const { panel, state, width, height, detailScroll } = props;
  const { text, rows } = props.rows;
  const table = panel?.table;
  if (panel === undefined || table === undefined || text === undefined) {
    return (
      <Box height={height}>
        <Text dimColor>waiting for the first results…</Text>
      </Box>
    );
  }
  if (panel.kind === 'chart') {
    return <TimeseriesChart table={table} spec={panel.spec} width={width} height={height} />;
  }
  // Bars and bins follow the panel's filter (and sort), like a table's rows do.
  if (panel.kind === 'bar') {
    return <BarChart table={table} spec={panel.spec} rows={rows} width={width} height={height} />;
  }
  if (panel.kind === 'histogram') {
    return (
      <HistogramChart table={table} spec={panel.spec} rows={rows} width={width} height={height} />
    );
  }
  if (panel.kind === 'graph') {
    return (
      <ServiceMap
        table={table}
        spec={panel.spec}
        width={width}
        height={height}
        selected={state.selected}
      />
    );
  }
  const selectedRow = rows[Math.min(state.selected, rows.length - 1)];
  if (detailScroll !== null && selectedRow !== undefined) {
    return (
      <DetailPane
        table={table}
        row={selectedRow}
        scroll={detailScroll}
        width={width}
        height={height}
      />
    );
  }
  return (
    <DataTable table={table} text={text} rows={rows} state={state} width={width} height={height} />
  );
}
