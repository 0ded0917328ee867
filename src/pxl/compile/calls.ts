import type { Call, Span } from '../syntax/index.js';
import { aggregateCall } from './agg.js';
import { MAX_CALL_DEPTH } from './context.js';
import type { Interpreter } from './interpreter.js';
import { closest } from './suggest.js';
import {
  describe,
  ERROR,
  NONE,
  Scope,
  type CallArgs,
  type FunctionValue,
  type Value,
} from './values.js';

export function evaluateCall(it: Interpreter, node: Call, scope: Scope): Value {
  const fn = it.evaluate(node.func, scope);
  const keywords = new Map<string, Value>();
  const keywordSpans = new Map<string, Span>();
  for (const k of node.keywords) {
    if (keywords.has(k.name.name)) {
      it.ctx.report('repeated-argument', `keyword argument '${k.name.name}' repeated`, k.span);
    }
    keywords.set(k.name.name, it.evaluate(k.value, scope));
    keywordSpans.set(k.name.name, k.value.span);
  }
  const args: CallArgs = {
    positional: node.args.map((a) => it.evaluate(a, scope)),
    keywords,
    spans: node.args.map((a) => a.span),
    keywordSpans,
    span: node.span,
  };
  return callValue(it, fn, args);
}

export function callValue(it: Interpreter, fn: Value, args: CallArgs): Value {
  switch (fn.kind) {
    case 'error':
      return ERROR;
    case 'builtin':
      return fn.call(args);
    case 'function':
      return callFunction(it, fn, args);
    case 'aggfn':
      return callAggregate(it, fn.fn, fn.args, args);
    case 'opaque':
      // px.otel.Data(...), px.vis.vega(...): accepted, described only, never run.
      return fn;
    default:
      return it.ctx.report('not-callable', `${describe(fn)} cannot be called`, args.span);
  }
}

/**
 * `px.quantiles(0.99)` with only numbers is the course's partial aggregate for agg() tuples;
 * with a column first (`px.mean(x)` in a lambda) it is an aggregate expression.
 */
function callAggregate(
  it: Interpreter,
  fn: string,
  bound: readonly number[],
  args: CallArgs,
): Value {
  const numbers = args.positional.every(
    (v) => v.kind === 'const' && (v.type === 'INT64' || v.type === 'FLOAT64'),
  );
  if (numbers && args.positional.length > 0 && args.keywords.size === 0) {
    const levels = args.positional.map((v) => (v.kind === 'const' ? Number(v.value) : 0));
    return { kind: 'aggfn', fn, args: [...bound, ...levels] };
  }
  return aggregateCall(it.ctx, fn, bound, args);
}

/** Calls a `def` or lambda: binds arguments as Python does, then runs the body. */
function callFunction(it: Interpreter, fn: FunctionValue, args: CallArgs): Value {
  const ctx = it.ctx;
  if (ctx.callDepth >= MAX_CALL_DEPTH) {
    return ctx.report(
      'recursion',
      `calls nest deeper than ${MAX_CALL_DEPTH} levels (is '${fn.name}' recursive?)`,
      args.span,
    );
  }
  const scope = bindParameters(it, fn, args);
  if (scope === undefined) return ERROR;
  ctx.callDepth++;
  try {
    if (fn.node.kind === 'Lambda') return it.evaluate(fn.node.body, scope);
    return it.run(fn.node.body, scope)?.returned ?? NONE;
  } finally {
    ctx.callDepth--;
  }
}

function bindParameters(it: Interpreter, fn: FunctionValue, args: CallArgs): Scope | undefined {
  const ctx = it.ctx;
  const params = fn.node.params;
  const label = `${fn.name}()`;
  const names = params.map((p) => p.name.name);
  if (args.positional.length > params.length) {
    ctx.report(
      'arity',
      `${label} takes ${params.length} argument${params.length === 1 ? '' : 's'} (${names.join(', ')}), got ${args.positional.length}`,
      args.span,
    );
    return undefined;
  }
  const scope = new Scope(fn.closure);
  const given = new Set<string>();
  args.positional.forEach((value, i) => {
    scope.set(names[i] as string, value);
    given.add(names[i] as string);
  });
  for (const [name, value] of args.keywords) {
    const span = args.keywordSpans.get(name) ?? args.span;
    if (!names.includes(name)) {
      const suggestion = closest(name, names);
      ctx.report(
        'unknown-keyword',
        `${label} has no parameter '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
        span,
      );
      return undefined;
    }
    if (given.has(name)) {
      ctx.report('repeated-argument', `${label} got '${name}' twice`, span);
      return undefined;
    }
    scope.set(name, value);
    given.add(name);
  }
  for (const param of params) {
    if (given.has(param.name.name)) continue;
    if (param.default === undefined) {
      ctx.report('arity', `${label} is missing the argument '${param.name.name}'`, args.span);
      return undefined;
    }
    scope.set(param.name.name, it.evaluate(param.default, fn.closure));
  }
  return scope;
}
