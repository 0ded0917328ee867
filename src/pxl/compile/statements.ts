import type { AssignTarget, FunctionDef, If, Import, Span, Statement } from '../syntax/index.js';
import { truthy } from './fold.js';
import { broken, mapColumns, toExpr } from './frame-ops.js';
import type { Interpreter } from './interpreter.js';
import { binaryOp } from './operators.js';
import { describe, ERROR, NONE, type FrameValue, type Scope, type Value } from './values.js';

/** How a block ended: by `return` (with its value), or by running out of statements. */
export type Completion = { readonly returned: Value } | undefined;

export function runStatements(
  it: Interpreter,
  body: readonly Statement[],
  scope: Scope,
): Completion {
  for (const statement of body) {
    const completion = runStatement(it, statement, scope);
    if (completion !== undefined) return completion;
  }
  return undefined;
}

function runStatement(it: Interpreter, node: Statement, scope: Scope): Completion {
  switch (node.kind) {
    case 'Import':
      importModules(it, node, scope);
      return undefined;
    case 'ImportFrom':
      it.ctx.report(
        'unsupported-import',
        `'from ${node.module} import ...' is not supported`,
        node.span,
        "write 'import px' and use px.DataFrame, px.display, ...",
      );
      // The names it meant to import are known to be broken: their uses stay silent.
      for (const alias of node.names) scope.set(alias.asName?.name ?? alias.name, ERROR);
      return undefined;
    case 'ExprStatement':
      if (node.expr.kind !== 'Str') it.evaluate(node.expr, scope);
      return undefined;
    case 'Assign': {
      const value = it.evaluate(node.value, scope);
      for (const target of node.targets) assign(it, target, value, scope);
      return undefined;
    }
    case 'AugAssign': {
      const current = it.evaluate(node.target, scope);
      const value = binaryOp(it.ctx, node.op, current, it.evaluate(node.value, scope), node.span);
      assign(it, node.target, value, scope);
      return undefined;
    }
    case 'FunctionDef':
      defineFunction(it, node, scope);
      return undefined;
    case 'Return':
      if (it.ctx.callDepth === 0) {
        it.ctx.report('return-outside-function', "'return' outside a function", node.span);
        return undefined;
      }
      return { returned: node.value === undefined ? NONE : it.evaluate(node.value, scope) };
    case 'If':
      return runIf(it, node, scope);
    case 'Pass':
      return undefined;
  }
}

/** Only `import px` (optionally `as` another name): scripts read nothing but tables. */
function importModules(it: Interpreter, node: Import, scope: Scope): void {
  for (const alias of node.names) {
    if (alias.name === 'px') scope.set(alias.asName?.name ?? 'px', it.px);
    else {
      it.ctx.report(
        'unsupported-import',
        `cannot import '${alias.name}': scripts may import only px`,
        alias.span,
        "PxL scripts read nothing but tables; 'import px' is the only import",
      );
    }
  }
}

function defineFunction(it: Interpreter, node: FunctionDef, scope: Scope): void {
  for (const decorator of node.decorators) {
    const value = it.evaluate(decorator, scope);
    if (value.kind !== 'opaque' && value.kind !== 'error') {
      it.ctx.report(
        'decorator',
        `${describe(value)} cannot decorate a function; only px.vis decorators are accepted`,
        decorator.span,
      );
    }
  }
  scope.set(node.name.name, { kind: 'function', name: node.name.name, node, closure: scope });
}

/** `if` runs at compile time, so its condition must be known: a constant or an argument. */
function runIf(it: Interpreter, node: If, scope: Scope): Completion {
  const test = it.evaluate(node.test, scope);
  if (test.kind === 'error') return undefined;
  if (test.kind !== 'const' && test.kind !== 'none') {
    it.ctx.report(
      'condition',
      `an if condition must be known before the query runs, got ${describe(test)}`,
      node.test.span,
      'compare constants or function arguments here; for a per-row choice use px.select(cond, a, b)',
    );
    return undefined;
  }
  return it.run(truthy(test) ? node.body : node.orelse, scope);
}

function assign(it: Interpreter, target: AssignTarget, value: Value, scope: Scope): void {
  switch (target.kind) {
    case 'Name':
      scope.set(target.id, value);
      return;
    case 'Attribute':
      assignColumn(it, it.evaluate(target.value, scope), target.attr.name, value, target.span);
      return;
    case 'Subscript': {
      const object = it.evaluate(target.value, scope);
      const key = target.index.kind === 'Slice' ? undefined : it.evaluate(target.index, scope);
      if (key?.kind === 'const' && key.type === 'STRING')
        assignColumn(it, object, key.value, value, target.span);
      else if (key?.kind !== 'error' && object.kind !== 'error') {
        it.ctx.report(
          'assign-target',
          "only a column can be assigned by subscript: df['name'] = ...",
          target.index.span,
        );
      }
      return;
    }
    case 'Tuple':
    case 'List':
      unpack(it, target.elements as readonly AssignTarget[], value, scope, target.span);
  }
}

function unpack(
  it: Interpreter,
  targets: readonly AssignTarget[],
  value: Value,
  scope: Scope,
  span: Span,
): void {
  if (value.kind === 'error') {
    for (const t of targets) assign(it, t, value, scope);
    return;
  }
  if ((value.kind !== 'tuple' && value.kind !== 'list') || value.items.length !== targets.length) {
    it.ctx.report('unpack', `cannot unpack ${describe(value)} into ${targets.length} names`, span);
    return;
  }
  targets.forEach((t, i) => {
    assign(it, t, value.items[i] as Value, scope);
  });
}

/** `df.name = value`: the frame held by the variable gains (or replaces) the column. */
function assignColumn(
  it: Interpreter,
  object: Value,
  name: string,
  value: Value,
  span: Span,
): void {
  if (object.kind === 'error') return;
  if (object.kind !== 'frame') {
    it.ctx.report(
      'assign-target',
      `cannot set '${name}' on ${describe(object)}: only DataFrame columns can be assigned`,
      span,
    );
    return;
  }
  const box: FrameValue = object;
  if (box.frame.relation === undefined) return;
  const expr = toExpr(it.ctx, value, box.frame, span);
  box.frame =
    expr === undefined
      ? broken(box.frame)
      : mapColumns(it.ctx, box.frame, [{ name, expr, span }], span);
}
