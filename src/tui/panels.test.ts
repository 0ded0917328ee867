import { describe, expect, it } from 'vitest';
import type { ResultTable } from '../pxl/exec/result.js';
import type { VisFunc, VisWidget } from '../pxl/vis.js';
import { loadBundledScript, type Script } from '../scripts/bundle.js';
import { numberColumn, resultTable, stringColumn } from './charts/testing/chart-table.js';
import { panelsFor } from './panels.js';

function named(name: string): ResultTable {
  return { ...resultTable([stringColumn('service', ['cart']), numberColumn('n', [1])]), name };
}

function scriptWith(widgets: readonly VisWidget[]): Script {
  return {
    name: 'test/script',
    source: '',
    fileName: 'script.pxl',
    short: '',
    long: '',
    vis: { variables: [], globalFuncs: [], widgets },
  };
}

const func = (name: string): VisFunc => ({ name, args: [] });
const ofType = (type: string): Readonly<Record<string, unknown>> => ({
  '@type': `types.px.dev/px.vispb.${type}`,
});

describe('panelsFor', () => {
  it('follows the widget order of a bundled script, with kinds from its vis spec', () => {
    const script = loadBundledScript('px/service_stats');
    const latency = named('Latency');
    const services = named('Services');
    // Results arrive in any order; the panels follow the widgets.
    const panels = panelsFor(script, [latency, services]);
    expect(panels.map((p) => [p.title, p.kind])).toEqual([
      ['Services', 'table'],
      ['Latency', 'chart'],
    ]);
    expect(panels[0]?.table).toBe(services);
    expect(panels[1]?.table).toBe(latency);
    expect(panels[1]?.spec['@type']).toBe('types.px.dev/px.vispb.TimeseriesChart');
  });

  it('keeps a panel without data until its output arrives', () => {
    const panels = panelsFor(loadBundledScript('px/service_stats'), [named('Services')]);
    expect(panels.map((p) => p.title)).toEqual(['Services', 'Latency']);
    expect(panels[1]?.table).toBeUndefined();
  });

  it('maps each widget type to the kind that draws it; others show as tables', () => {
    const types = [
      'Table',
      'TimeseriesChart',
      'Graph',
      'RequestGraph',
      'BarChart',
      'HistogramChart',
      'PieChart',
    ];
    const script = scriptWith(
      types.map((type, i) => ({ name: `w${i}`, func: func(`f${i}`), displaySpec: ofType(type) })),
    );
    const kinds = panelsFor(script, []).map((p) => p.kind);
    expect(kinds).toEqual(['table', 'chart', 'graph', 'graph', 'bar', 'histogram', 'table']);
  });

  it('shows a widget without a display spec as a table', () => {
    const panels = panelsFor(scriptWith([{ name: 'plain', func: func('f') }]), []);
    expect(panels).toEqual([{ title: 'plain', kind: 'table', table: undefined, spec: {} }]);
  });

  it('finds outputs by widget name, function name or globalFunc output name', () => {
    const script = scriptWith([
      { name: 'By widget', func: func('ignored'), displaySpec: ofType('Table') },
      { func: func('by_func'), displaySpec: ofType('Table') },
      { name: 'Map', globalFuncOutputName: 'shared', displaySpec: ofType('Graph') },
      { globalFuncOutputName: 'shared', displaySpec: ofType('Table') },
    ]);
    const results = [named('By widget'), named('by_func'), named('shared'), named('ignored')];
    const panels = panelsFor(script, results);
    expect(panels.map((p) => [p.title, p.table?.name])).toEqual([
      ['By widget', 'By widget'],
      ['by_func', 'by_func'],
      ['Map', 'shared'],
      ['shared', 'shared'],
    ]);
  });

  it('skips a widget that names no output', () => {
    const script = scriptWith([{ name: 'orphan' }, { name: 'kept', func: func('f') }]);
    expect(panelsFor(script, []).map((p) => p.title)).toEqual(['kept']);
  });

  it('gives one table per result when the script has no vis spec', () => {
    const script: Script = { name: 'x.pxl', source: '', fileName: 'x.pxl', short: '', long: '' };
    const results = [named('first'), named('second')];
    const panels = panelsFor(script, results);
    expect(panels).toEqual([
      { title: 'first', kind: 'table', table: results[0], spec: {} },
      { title: 'second', kind: 'table', table: results[1], spec: {} },
    ]);
    expect(panelsFor(scriptWith([]), results).map((p) => p.title)).toEqual(['first', 'second']);
  });
});
