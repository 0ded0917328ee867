import { PxError } from '../shared/errors.js';

/**
 * Pixie's vis.json (proto `px.vispb.Vis`, JSON with camelCase names): the script's variables
 * (its command-line arguments), the functions to run and the widgets showing their results.
 */

export type VisVariableType =
  | 'PX_STRING'
  | 'PX_INT64'
  | 'PX_FLOAT64'
  | 'PX_BOOLEAN'
  | 'PX_SERVICE'
  | 'PX_POD'
  | 'PX_NAMESPACE'
  | 'PX_NODE'
  | 'PX_CONTAINER'
  | 'PX_LIST'
  | 'PX_STRING_LIST';

const VARIABLE_TYPES: ReadonlySet<string> = new Set<VisVariableType>([
  'PX_STRING',
  'PX_INT64',
  'PX_FLOAT64',
  'PX_BOOLEAN',
  'PX_SERVICE',
  'PX_POD',
  'PX_NAMESPACE',
  'PX_NODE',
  'PX_CONTAINER',
  'PX_LIST',
  'PX_STRING_LIST',
]);

export interface VisVariable {
  readonly name: string;
  readonly type: VisVariableType;
  readonly description?: string;
  /** Absent: the argument is required. */
  readonly defaultValue?: string;
  readonly validValues?: readonly string[];
}

/** A function argument: bound to a variable, or a literal value (as text). */
export type VisFuncArg =
  | { readonly name: string; readonly variable: string }
  | { readonly name: string; readonly value: string };

export interface VisFunc {
  readonly name: string;
  readonly args: readonly VisFuncArg[];
}

export interface VisGlobalFunc {
  readonly outputName: string;
  readonly func: VisFunc;
}

export interface VisPosition {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** `displaySpec` is kept as given: its `@type` names the widget kind (Table, TimeseriesChart, ...). */
export interface VisWidget {
  readonly name?: string;
  readonly position?: VisPosition;
  readonly func?: VisFunc;
  readonly globalFuncOutputName?: string;
  readonly displaySpec?: Readonly<Record<string, unknown>>;
}

export interface VisSpec {
  readonly variables: readonly VisVariable[];
  readonly globalFuncs: readonly VisGlobalFunc[];
  readonly widgets: readonly VisWidget[];
}

/** vis.json that does not have the expected shape. */
export class VisSpecError extends PxError {
  override name = 'VisSpecError';
  constructor(message: string) {
    super(message, 'vis.invalid', 'see the vis.json format in docs/pxl-reference.md');
  }
}

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field<T>(
  object: Json,
  key: string,
  where: string,
  check: (v: unknown) => v is T,
  what: string,
): T | undefined {
  if (!Object.hasOwn(object, key)) return undefined;
  const value = object[key];
  if (!check(value)) throw new VisSpecError(`${where}.${key} must be ${what}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isArray = (v: unknown): v is readonly unknown[] => Array.isArray(v);

function required<T>(value: T | undefined, where: string): T {
  if (value === undefined) throw new VisSpecError(`${where} is required`);
  return value;
}

function list(object: Json, key: string, where: string): readonly unknown[] {
  return field(object, key, where, isArray, 'a list') ?? [];
}

function asObject(value: unknown, where: string): Json {
  if (!isObject(value)) throw new VisSpecError(`${where} must be an object`);
  return value;
}

function parseVariable(value: unknown, where: string): VisVariable {
  const v = asObject(value, where);
  const name = required(field(v, 'name', where, isString, 'a string'), `${where}.name`);
  const type = required(field(v, 'type', where, isString, 'a string'), `${where}.type`);
  if (!VARIABLE_TYPES.has(type)) {
    throw new VisSpecError(
      `${where}.type '${type}' is not one of ${[...VARIABLE_TYPES].join(', ')}`,
    );
  }
  const description = field(v, 'description', where, isString, 'a string');
  const defaultValue = field(v, 'defaultValue', where, isString, 'a string');
  const validValues = list(v, 'validValues', where).map((item, i) => {
    if (!isString(item)) throw new VisSpecError(`${where}.validValues[${i}] must be a string`);
    return item;
  });
  return {
    name,
    type: type as VisVariableType,
    ...(description === undefined ? {} : { description }),
    ...(defaultValue === undefined ? {} : { defaultValue }),
    ...(validValues.length === 0 ? {} : { validValues }),
  };
}

function parseFunc(value: unknown, where: string): VisFunc {
  const f = asObject(value, where);
  const name = required(field(f, 'name', where, isString, 'a string'), `${where}.name`);
  const args = list(f, 'args', where).map((item, i): VisFuncArg => {
    const at = `${where}.args[${i}]`;
    const a = asObject(item, at);
    const argName = required(field(a, 'name', at, isString, 'a string'), `${at}.name`);
    const variable = field(a, 'variable', at, isString, 'a string');
    if (variable !== undefined) return { name: argName, variable };
    const literal = field(a, 'value', at, isString, 'a string');
    return { name: argName, value: required(literal, `${at}.variable or ${at}.value`) };
  });
  return { name, args };
}

function parseWidget(value: unknown, where: string): VisWidget {
  const w = asObject(value, where);
  const name = field(w, 'name', where, isString, 'a string');
  const output = field(w, 'globalFuncOutputName', where, isString, 'a string');
  const func = Object.hasOwn(w, 'func') ? parseFunc(w['func'], `${where}.func`) : undefined;
  const position = field(w, 'position', where, isObject, 'an object');
  const displaySpec = field(w, 'displaySpec', where, isObject, 'an object');
  if (func !== undefined && name === undefined) {
    throw new VisSpecError(`${where}.name is required: it names the widget's output table`);
  }
  return {
    ...(name === undefined ? {} : { name }),
    ...(func === undefined ? {} : { func }),
    ...(output === undefined ? {} : { globalFuncOutputName: output }),
    ...(position === undefined ? {} : { position: parsePosition(position) }),
    ...(displaySpec === undefined ? {} : { displaySpec }),
  };
}

function parsePosition(p: Json): VisPosition {
  const n = (key: string): number => (typeof p[key] === 'number' ? p[key] : 0);
  return { x: n('x'), y: n('y'), w: n('w'), h: n('h') };
}

/** Checks and types a parsed vis.json; throws VisSpecError naming the first bad field. */
export function parseVisSpec(json: unknown): VisSpec {
  const root = asObject(json, 'vis');
  const variables = list(root, 'variables', 'vis').map((v, i) =>
    parseVariable(v, `vis.variables[${i}]`),
  );
  const globalFuncs = list(root, 'globalFuncs', 'vis').map((g, i): VisGlobalFunc => {
    const where = `vis.globalFuncs[${i}]`;
    const o = asObject(g, where);
    const outputName = field(o, 'outputName', where, isString, 'a string');
    return {
      outputName: required(outputName, `${where}.outputName`),
      func: parseFunc(o['func'], `${where}.func`),
    };
  });
  const widgets = list(root, 'widgets', 'vis').map((w, i) => parseWidget(w, `vis.widgets[${i}]`));
  return { variables, globalFuncs, widgets };
}

/** A command-line argument that no variable declares, or one without its value. */
export class ScriptArgsError extends PxError {
  override name = 'ScriptArgsError';
  constructor(message: string) {
    super(
      message,
      'args.invalid',
      "script arguments go after '--': px run <script> -- --name=value",
    );
  }
}

/**
 * Reads script flags as Go's flag package does: `--name=value`, `--name value`, one or two
 * dashes; a PX_BOOLEAN flag alone means true. Returns the values by variable name.
 */
export function parseScriptArgs(
  argv: readonly string[],
  variables: readonly VisVariable[],
): Map<string, string> {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const match = /^--?([^=]+)(?:=([\s\S]*))?$/.exec(arg);
    if (match === null)
      throw new ScriptArgsError(`unexpected argument '${arg}': expected --name=value`);
    const name = match[1] as string;
    const variable = byName.get(name);
    if (variable === undefined) {
      const known = variables.map((v) => `--${v.name}`).join(', ');
      throw new ScriptArgsError(
        `unknown argument --${name}; ${known === '' ? 'this script takes no arguments' : `arguments: ${known}`}`,
      );
    }
    let value = match[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (variable.type === 'PX_BOOLEAN' && (next === undefined || next.startsWith('-')))
        value = 'true';
      else if (next === undefined) throw new ScriptArgsError(`argument --${name} needs a value`);
      else {
        value = next;
        i++;
      }
    }
    values.set(name, value);
  }
  return values;
}
