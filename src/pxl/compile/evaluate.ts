import type { Compare, Dict, Expression, IfExp, Name } from '../syntax/index.js';
import { getAttribute } from './attributes.js';
import { evaluateCall } from './calls.js';
import { truthy } from './fold.js';
import type { Interpreter } from './interpreter.js';
import { binaryOp, unaryOp } from './operators.js';
import { subscript } from './subscript.js';
import { closest } from './suggest.js';
import { describe, ERROR, NONE, type Scope, type Value } from './values.js';

/** Python's built-in type names, usable as annotations. */
const BUILTIN_TYPES: ReadonlyMap<string, Value> = new Map(
  ['str', 'int', 'float', 'bool'].map((name) => [name, { kind: 'type', name }]),
);

export function evaluateExpression(it: Interpreter, node: Expression, scope: Scope): Value {
  switch (node.kind) {
    case 'Name':
      return lookupName(it, node, scope);
    case 'Int':
      return integer(node.value);
    case 'Float':
      return { kind: 'const', type: 'FLOAT64', value: node.value };
    case 'Str':
      return { kind: 'const', type: 'STRING', value: node.value };
    case 'Bool':
      return { kind: 'const', type: 'BOOLEAN', value: node.value };
    case 'None':
      return NONE;
    case 'List':
      return { kind: 'list', items: node.elements.map((e) => it.evaluate(e, scope)) };
    case 'Tuple':
      return { kind: 'tuple', items: node.elements.map((e) => it.evaluate(e, scope)) };
    case 'Dict':
      return dict(it, node, scope);
    case 'Attribute':
      return getAttribute(
        it,
        it.evaluate(node.value, scope),
        node.attr.name,
        node.span,
        node.attr.span,
      );
    case 'Subscript':
      return subscript(it, it.evaluate(node.value, scope), node.index, scope, node.span);
    case 'Call':
      return evaluateCall(it, node, scope);
    case 'BinOp':
      return binaryOp(
        it.ctx,
        node.op,
        it.evaluate(node.left, scope),
        it.evaluate(node.right, scope),
        node.span,
      );
    case 'UnaryOp':
      return unaryOp(it.ctx, node.op, it.evaluate(node.operand, scope), node.span);
    case 'BoolOp':
      return binaryOp(
        it.ctx,
        node.op,
        it.evaluate(node.left, scope),
        it.evaluate(node.right, scope),
        node.span,
      );
    case 'Compare':
      return compare(it, node, scope);
    case 'IfExp':
      return conditional(it, node, scope);
    case 'Lambda':
      return { kind: 'function', name: '<lambda>', node, closure: scope };
  }
}

function lookupName(it: Interpreter, node: Name, scope: Scope): Value {
  const value = scope.lookup(node.id) ?? BUILTIN_TYPES.get(node.id);
  if (value !== undefined) return value;
  if (node.id === 'px') {
    return it.ctx.report(
      'unknown-name',
      "name 'px' is not defined",
      node.span,
      "add 'import px' at the top of the script",
    );
  }
  const suggestion = closest(node.id, scope.names());
  return it.ctx.report(
    'unknown-name',
    `name '${node.id}' is not defined${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
    node.span,
  );
}

/** PxL integers are 64-bit; plans hold them as numbers, so big literals keep their exact value too. */
function integer(value: bigint): Value {
  const number = Number(value);
  return Number.isSafeInteger(number)
    ? { kind: 'const', type: 'INT64', value: number }
    : { kind: 'const', type: 'INT64', value: number, exact: value };
}

function dict(it: Interpreter, node: Dict, scope: Scope): Value {
  const entries = new Map<string, Value>();
  for (const entry of node.entries) {
    const key = it.evaluate(entry.key, scope);
    if (key.kind === 'error') return ERROR;
    if (key.kind !== 'const' || key.type !== 'STRING') {
      return it.ctx.report(
        'type',
        `dict keys must be strings, got ${describe(key)}`,
        entry.key.span,
      );
    }
    entries.set(key.value, it.evaluate(entry.value, scope));
  }
  return { kind: 'dict', entries };
}

/** `a < b <= c` means `a < b and b <= c`, each operand evaluated once. */
function compare(it: Interpreter, node: Compare, scope: Scope): Value {
  let left = it.evaluate(node.left, scope);
  let result: Value | undefined;
  node.ops.forEach((op, i) => {
    const right = it.evaluate(node.comparators[i] as Expression, scope);
    const test = binaryOp(it.ctx, op, left, right, node.span);
    result = result === undefined ? test : binaryOp(it.ctx, 'and', result, test, node.span);
    left = right;
  });
  return result ?? ERROR;
}

/** `a if test else b`: chosen now when the test is known, px.select per row otherwise. */
function conditional(it: Interpreter, node: IfExp, scope: Scope): Value {
  const test = it.evaluate(node.test, scope);
  if (test.kind === 'const' || test.kind === 'none') {
    return it.evaluate(truthy(test) ? node.body : node.orelse, scope);
  }
  if (test.kind === 'error') return ERROR;
  const body = it.evaluate(node.body, scope);
  const orelse = it.evaluate(node.orelse, scope);
  const select = it.px.member('select');
  if (test.kind !== 'column' || select === undefined) {
    return it.ctx.report(
      'condition',
      `the condition must be a column or a constant, got ${describe(test)}`,
      node.test.span,
    );
  }
  const spans = [node.test.span, node.body.span, node.orelse.span];
  return it.call(select, {
    positional: [test, body, orelse],
    keywords: new Map(),
    spans,
    keywordSpans: new Map(),
    span: node.span,
  });
}
