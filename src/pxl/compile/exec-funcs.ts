import type { Expression, FunctionDef, Param, Span } from '../syntax/index.js';
import { parseScriptArgs, ScriptArgsError, type VisFunc, type VisSpec } from '../vis.js';
import type { Interpreter } from './interpreter.js';
import { closest } from './suggest.js';
import { describe, type ConstValue, type Scope, type Value } from './values.js';

interface FuncCall {
  readonly output: string;
  readonly func: VisFunc;
}

/**
 * Exec-func mode: runs each function the vis spec names (globalFuncs, then widgets with their
 * own func) with arguments from the command line or the variables' defaults, parsed by the
 * parameter's annotation. Each returned DataFrame is an output named after the globalFunc's
 * outputName or the widget; a list of DataFrames gives `name[0]`, `name[1]`, ...
 */
export function runVisFunctions(
  it: Interpreter,
  scope: Scope,
  vis: VisSpec,
  argv: readonly string[],
  scriptSpan: Span,
): void {
  let values: Map<string, string>;
  try {
    values = parseScriptArgs(argv, vis.variables);
  } catch (error) {
    if (!(error instanceof ScriptArgsError)) throw error;
    it.ctx.report('bad-argument', error.message, scriptSpan);
    return;
  }
  const calls: FuncCall[] = [
    ...vis.globalFuncs.map((g) => ({ output: g.outputName, func: g.func })),
    ...vis.widgets.flatMap((w) =>
      w.func === undefined ? [] : [{ output: w.name ?? w.func.name, func: w.func }],
    ),
  ];
  const missing = new Set<string>();
  for (const call of calls) runCall(it, scope, vis, values, call, missing, scriptSpan);
}

function runCall(
  it: Interpreter,
  scope: Scope,
  vis: VisSpec,
  values: ReadonlyMap<string, string>,
  call: FuncCall,
  missing: Set<string>,
  scriptSpan: Span,
): void {
  const ctx = it.ctx;
  const fn = scope.lookup(call.func.name);
  if (fn?.kind !== 'function' || fn.node.kind !== 'FunctionDef') {
    const suggestion = closest(call.func.name, scope.names());
    ctx.report(
      'unknown-vis-function',
      `vis.json calls '${call.func.name}', which the script does not define${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
      scriptSpan,
    );
    return;
  }
  const def = fn.node;
  const keywords = new Map<string, Value>();
  let ok = true;
  for (const arg of call.func.args) {
    const param = def.params.find((p) => p.name.name === arg.name);
    if (param === undefined) {
      ctx.report(
        'unknown-keyword',
        `vis.json passes '${arg.name}' to ${def.name.name}(), which has no such parameter`,
        def.name.span,
      );
      ok = false;
      continue;
    }
    const text =
      'value' in arg ? arg.value : variableValue(it, vis, values, arg.variable, param, missing);
    const value =
      text === undefined
        ? undefined
        : typedArgument(it, def, param, text, 'value' in arg ? arg.name : arg.variable);
    if (value === undefined) ok = false;
    else keywords.set(arg.name, value);
  }
  if (!ok) return;
  const keywordSpans = new Map([...keywords.keys()].map((k) => [k, def.name.span]));
  const result = it.call(fn, {
    positional: [],
    keywords,
    spans: [],
    keywordSpans,
    span: def.name.span,
  });
  collectOutputs(it, def, call.output, result);
}

function variableValue(
  it: Interpreter,
  vis: VisSpec,
  values: ReadonlyMap<string, string>,
  name: string,
  param: Param,
  missing: Set<string>,
): string | undefined {
  const variable = vis.variables.find((v) => v.name === name);
  if (variable === undefined) {
    it.ctx.report(
      'unknown-variable',
      `vis.json binds '${param.name.name}' to variable '${name}', which it does not declare`,
      param.span,
    );
    return undefined;
  }
  const value = values.get(name) ?? variable.defaultValue;
  if (value === undefined && !missing.has(name)) {
    missing.add(name);
    it.ctx.report(
      'missing-argument',
      `Missing required argument: --${name}`,
      param.span,
      `pass it after '--', e.g. -- --${name}=<${variable.type}>`,
    );
  }
  return value;
}

/** The annotation's type name: str, int, float, bool or px.Service and its kin. */
function annotationName(annotation: Expression | undefined): string | undefined {
  if (annotation?.kind === 'Name') return annotation.id;
  if (
    annotation?.kind === 'Attribute' &&
    annotation.value.kind === 'Name' &&
    annotation.value.id === 'px'
  ) {
    return `px.${annotation.attr.name}`;
  }
  return undefined;
}

const STRING_TYPES = new Set([
  'str',
  'px.Service',
  'px.Pod',
  'px.Namespace',
  'px.Node',
  'px.Container',
]);

function typedArgument(
  it: Interpreter,
  def: FunctionDef,
  param: Param,
  text: string,
  flag: string,
): ConstValue | undefined {
  const type = annotationName(param.annotation);
  if (type === undefined) {
    it.ctx.report(
      'annotation',
      `Arg type annotation required. Function: '${def.name.name}', Arg: '${param.name.name}'`,
      param.span,
      'annotate it: str, int, float, bool, px.Service, px.Pod, px.Namespace, px.Node or px.Container',
    );
    return undefined;
  }
  if (STRING_TYPES.has(type)) return { kind: 'const', type: 'STRING', value: text };
  const parsed = parseTyped(type, text.trim());
  if (parsed === undefined) {
    it.ctx.report(
      'bad-argument',
      `argument --${flag}: '${text}' is not ${type === 'int' ? 'an int' : `a ${type}`}`,
      param.span,
    );
  }
  return parsed;
}

function parseTyped(type: string, text: string): ConstValue | undefined {
  switch (type) {
    case 'int':
      return /^[+-]?\d{1,15}$/.test(text)
        ? { kind: 'const', type: 'INT64', value: Number(text) }
        : undefined;
    case 'float': {
      const value = Number(text);
      return text !== '' && Number.isFinite(value)
        ? { kind: 'const', type: 'FLOAT64', value }
        : undefined;
    }
    case 'bool': {
      const lower = text.toLowerCase();
      if (lower === 'true' || lower === '1') return { kind: 'const', type: 'BOOLEAN', value: true };
      if (lower === 'false' || lower === '0')
        return { kind: 'const', type: 'BOOLEAN', value: false };
      return undefined;
    }
    default:
      return undefined;
  }
}

function collectOutputs(it: Interpreter, def: FunctionDef, name: string, result: Value): void {
  if (result.kind === 'error') return;
  if (result.kind === 'frame') {
    if (result.frame.relation !== undefined) it.ctx.outputs.push({ name, plan: result.frame.plan });
    return;
  }
  if (
    (result.kind === 'list' || result.kind === 'tuple') &&
    result.items.every((v) => v.kind === 'frame' || v.kind === 'error')
  ) {
    result.items.forEach((item, i) => {
      if (item.kind === 'frame' && item.frame.relation !== undefined)
        it.ctx.outputs.push({ name: `${name}[${i}]`, plan: item.frame.plan });
    });
    return;
  }
  it.ctx.report(
    'not-a-dataframe',
    `${def.name.name}() must return a DataFrame for '${name}', got ${describe(result)}`,
    def.name.span,
  );
}
