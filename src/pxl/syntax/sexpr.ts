import type { Expression, Node, Param, Slice, Statement } from './ast.js';

/**
 * A compact one-line rendering of a syntax tree, Lisp style: `df.a = df.b + 1` becomes
 * `(= df.a (+ df.b 1))`. Tests assert tree shapes with it; it is also handy when debugging.
 * Dotted names print as written (`px.DataFrame`); everything else is `(head children...)`.
 */
export function toSexpr(node: Node): string {
  switch (node.kind) {
    case 'Module':
      return node.body.map(toSexpr).join('\n');
    case 'Identifier':
      return node.name;
    case 'ImportAlias':
      return node.asName === undefined ? node.name : `${node.name} as ${node.asName.name}`;
    case 'Param':
      return param(node);
    case 'Keyword':
      return `${node.name.name}=${toSexpr(node.value)}`;
    case 'DictEntry':
      return `${toSexpr(node.key)}: ${toSexpr(node.value)}`;
    case 'Slice':
      return slice(node);
    case 'Import':
    case 'ImportFrom':
    case 'ExprStatement':
    case 'Assign':
    case 'AugAssign':
    case 'FunctionDef':
    case 'Return':
    case 'If':
    case 'Pass':
      return statement(node);
    default:
      return expression(node);
  }
}

function list(head: string, items: readonly (Node | string)[]): string {
  const parts = items.map((item) => (typeof item === 'string' ? item : toSexpr(item)));
  return `(${[head, ...parts].join(' ')})`;
}

function group(items: readonly Node[]): string {
  return `(${items.map(toSexpr).join(' ')})`;
}

function statement(node: Statement): string {
  switch (node.kind) {
    case 'Import':
      return list('import', node.names);
    case 'ImportFrom':
      return list(`from ${node.module} import`, node.names);
    case 'ExprStatement':
      return toSexpr(node.expr);
    case 'Assign':
      return list('=', [...node.targets, node.value]);
    case 'AugAssign':
      return list(`${node.op}=`, [node.target, node.value]);
    case 'FunctionDef': {
      const returns = node.returns === undefined ? [] : ['->', toSexpr(node.returns)];
      const decorators = node.decorators.map((d) => `@${toSexpr(d)}`);
      const params = group(node.params);
      return list('def', [...decorators, node.name, params, ...returns, ...node.body]);
    }
    case 'Return':
      return node.value === undefined ? '(return)' : list('return', [node.value]);
    case 'If': {
      const orelse = node.orelse.length === 0 ? [] : [list('else', node.orelse)];
      return list('if', [node.test, list('then', node.body), ...orelse]);
    }
    case 'Pass':
      return 'pass';
  }
}

function expression(node: Expression): string {
  switch (node.kind) {
    case 'Name':
      return node.id;
    case 'Int':
    case 'Float':
      return String(node.value);
    case 'Str':
      return JSON.stringify(node.value).replace(/^"|"$/g, "'");
    case 'Bool':
      return node.value ? 'True' : 'False';
    case 'None':
      return 'None';
    case 'List':
      return `[${node.elements.map(toSexpr).join(' ')}]`;
    case 'Tuple':
      return list('tuple', node.elements);
    case 'Dict':
      return `{${node.entries.map(toSexpr).join(', ')}}`;
    case 'Attribute':
      return isDotted(node.value)
        ? `${toSexpr(node.value)}.${node.attr.name}`
        : list('.', [node.value, node.attr]);
    case 'Subscript':
      return list('[]', [node.value, node.index]);
    case 'Call':
      return list('call', [node.func, ...node.args, ...node.keywords]);
    case 'BinOp':
    case 'BoolOp':
      return list(node.op, [node.left, node.right]);
    case 'UnaryOp':
      return list(node.op, [node.operand]);
    case 'Compare':
      return list('compare', [
        node.left,
        ...node.comparators.flatMap((c, i) => [node.ops[i] ?? '?', c]),
      ]);
    case 'IfExp':
      return list('if', [node.test, node.body, node.orelse]);
    case 'Lambda':
      return list('lambda', [group(node.params), node.body]);
  }
}

function isDotted(expr: Expression): boolean {
  return expr.kind === 'Name' || (expr.kind === 'Attribute' && isDotted(expr.value));
}

function param(node: Param): string {
  const annotation = node.annotation === undefined ? '' : `:${toSexpr(node.annotation)}`;
  const value = node.default === undefined ? '' : `=${toSexpr(node.default)}`;
  return `${node.name.name}${annotation}${value}`;
}

function slice(node: Slice): string {
  const part = (e: Expression | undefined): string => (e === undefined ? '_' : toSexpr(e));
  return `(slice ${part(node.lower)} ${part(node.upper)} ${part(node.step)})`;
}
