import { describe, expect, it } from 'vitest';
import {
  parseScriptArgs,
  parseVisSpec,
  ScriptArgsError,
  VisSpecError,
  type VisVariable,
} from './vis.js';

describe('parseVisSpec', () => {
  it('types variables, global functions and widgets', () => {
    const spec = parseVisSpec({
      variables: [
        { name: 'start_time', type: 'PX_STRING', defaultValue: '-5m', description: 'Start.' },
        { name: 'pod', type: 'PX_POD' },
      ],
      globalFuncs: [
        {
          outputName: 'rows',
          func: { name: 'f', args: [{ name: 'start_time', variable: 'start_time' }] },
        },
      ],
      widgets: [
        {
          name: 'Table',
          globalFuncOutputName: 'rows',
          position: { x: 0, y: 1, w: 6, h: 3 },
          displaySpec: { '@type': 'types.px.dev/px.vispb.Table' },
        },
        { name: 'Other', func: { name: 'g', args: [{ name: 'n', value: '10' }] } },
      ],
    });
    expect(spec.variables).toEqual([
      { name: 'start_time', type: 'PX_STRING', defaultValue: '-5m', description: 'Start.' },
      { name: 'pod', type: 'PX_POD' },
    ]);
    expect(spec.globalFuncs[0]?.func.args).toEqual([
      { name: 'start_time', variable: 'start_time' },
    ]);
    expect(spec.widgets[0]?.position).toEqual({ x: 0, y: 1, w: 6, h: 3 });
    expect(spec.widgets[1]?.func).toEqual({ name: 'g', args: [{ name: 'n', value: '10' }] });
    expect(parseVisSpec({})).toEqual({ variables: [], globalFuncs: [], widgets: [] });
  });

  it('names the first bad field', () => {
    const bad = (json: unknown) => () => parseVisSpec(json);
    expect(bad([])).toThrow(new VisSpecError('vis must be an object'));
    expect(bad({ variables: [{ name: 'x', type: 'PX_NUMBER' }] })).toThrow(
      /vis.variables\[0\].type 'PX_NUMBER' is not one of/,
    );
    expect(bad({ variables: [{ type: 'PX_STRING' }] })).toThrow(
      'vis.variables[0].name is required',
    );
    expect(bad({ globalFuncs: [{ func: { name: 'f' } }] })).toThrow(
      'vis.globalFuncs[0].outputName is required',
    );
    expect(bad({ widgets: [{ func: { name: 'f', args: [] } }] })).toThrow(
      /vis.widgets\[0\].name is required/,
    );
    expect(bad({ widgets: [{ name: 'w', func: { name: 'f', args: [{ name: 'a' }] } }] })).toThrow(
      /variable or .*value is required/,
    );
  });
});

describe('parseScriptArgs', () => {
  const variables: VisVariable[] = [
    { name: 'start_time', type: 'PX_STRING' },
    { name: 'max_num_records', type: 'PX_INT64' },
    { name: 'verbose', type: 'PX_BOOLEAN' },
  ];

  it('reads Go flag forms', () => {
    expect(
      parseScriptArgs(['--start_time=-10m', '--max_num_records', '50', '-verbose'], variables),
    ).toEqual(
      new Map([
        ['start_time', '-10m'],
        ['max_num_records', '50'],
        ['verbose', 'true'],
      ]),
    );
    expect(parseScriptArgs(['--verbose', '--start_time', '-1h'], variables).get('verbose')).toBe(
      'true',
    );
    expect(parseScriptArgs(['--start_time='], variables).get('start_time')).toBe('');
  });

  it('refuses unknown flags, missing values and stray words', () => {
    expect(() => parseScriptArgs(['--pod=x'], variables)).toThrow(
      new ScriptArgsError(
        'unknown argument --pod; arguments: --start_time, --max_num_records, --verbose',
      ),
    );
    expect(() => parseScriptArgs(['--x=1'], [])).toThrow('this script takes no arguments');
    expect(() => parseScriptArgs(['--start_time'], variables)).toThrow(
      'argument --start_time needs a value',
    );
    expect(() => parseScriptArgs(['stray'], variables)).toThrow("unexpected argument 'stray'");
  });
});
