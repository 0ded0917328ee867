import type { ResultTable } from '../pxl/exec/result.js';
import type { VisWidget } from '../pxl/vis.js';
import type { Script } from '../scripts/bundle.js';

export type PanelKind = 'table' | 'chart' | 'bar' | 'histogram' | 'graph';

/** One thing the view shows on its own tab: a widget of the script's vis spec and its data. */
export interface Panel {
  readonly title: string;
  readonly kind: PanelKind;
  /** Undefined until the script has produced this output. */
  readonly table: ResultTable | undefined;
  readonly spec: Readonly<Record<string, unknown>>;
}

const KIND_BY_TYPE: Readonly<Record<string, PanelKind>> = {
  'types.px.dev/px.vispb.TimeseriesChart': 'chart',
  'types.px.dev/px.vispb.BarChart': 'bar',
  'types.px.dev/px.vispb.HistogramChart': 'histogram',
  'types.px.dev/px.vispb.Graph': 'graph',
  'types.px.dev/px.vispb.RequestGraph': 'graph',
};

/** The output a widget shows: its own function's (named after the widget) or a globalFunc's. */
function outputName(widget: VisWidget): string | undefined {
  if (widget.func !== undefined) return widget.name ?? widget.func.name;
  return widget.globalFuncOutputName;
}

/**
 * Panels in the script's widget order. Kinds px cannot draw yet (pie, flame graph, ...) show
 * as tables of their data. A script without vis.json gets one table per px.display.
 */
export function panelsFor(script: Script, results: readonly ResultTable[]): Panel[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  if (script.vis === undefined || script.vis.widgets.length === 0) {
    return results.map((table) => ({ title: table.name, kind: 'table', table, spec: {} }));
  }
  return script.vis.widgets.flatMap((widget) => {
    const output = outputName(widget);
    if (output === undefined) return [];
    const spec = widget.displaySpec ?? {};
    const type = spec['@type'];
    return [
      {
        title: widget.name ?? output,
        kind: (typeof type === 'string' ? KIND_BY_TYPE[type] : undefined) ?? 'table',
        table: byName.get(output),
        spec,
      },
    ];
  });
}
