import type { ScalarValue } from '../../plan/types.js';
import { rowwise } from '../build.js';
import { describeTypes } from '../signature.js';
import type { ArgInfo, BoundScalar, ScalarFunction } from '../types.js';

/**
 * px.script_reference(label, script, {'arg': value, ...}): a link to another script, the JSON
 * `{"label": ..., "script": ..., "args": {...}}` with semantic type ST_SCRIPT_REFERENCE (the
 * CLI shows the label, a UI may follow the link). The compiler passes the dict flattened:
 * label, script, then name and value in turn, every name a constant string. Values of any
 * type become text, as script arguments are.
 */
export const scriptReference: ScalarFunction = {
  name: 'script_reference',
  summary: "script_reference(label, script, {'arg': value}): a link to a script, shown as label.",
  bind(args): BoundScalar | string {
    const problem = checkArgs(args);
    if (problem !== undefined) return problem;
    const names = args.slice(2).flatMap((a, i) => (i % 2 === 0 ? [String(a.value)] : []));
    return {
      type: 'STRING',
      semantic: 'ST_SCRIPT_REFERENCE',
      evaluate: (vectors, rows) =>
        rowwise('STRING', vectors, rows, (values) => reference(names, values)),
    };
  },
};

function checkArgs(args: readonly ArgInfo[]): string | undefined {
  const [label, script] = args;
  const pairs = args.slice(2);
  const ok =
    label?.type === 'STRING' &&
    script?.type === 'STRING' &&
    pairs.length % 2 === 0 &&
    args.every((a) => a.items === undefined) &&
    pairs.every((a, i) => i % 2 === 1 || typeof a.value === 'string');
  return ok
    ? undefined
    : `px.script_reference takes (STRING, STRING, dict of names to values), got ${describeTypes(args)}`;
}

function reference(names: readonly string[], values: readonly ScalarValue[]): string {
  const args = Object.fromEntries(names.map((name, i) => [name, text(values[2 + 2 * i + 1])]));
  return JSON.stringify({ label: text(values[0]), script: text(values[1]), args });
}

function text(value: ScalarValue | undefined): string {
  return value === undefined ? '' : String(value);
}
