import type {
  AssignTarget,
  Attribute,
  AugmentedOperator,
  Expression,
  Identifier,
  ImportAlias,
  Name,
  Statement,
  Subscript,
} from './ast.js';
import type { TokenCursor } from './cursor.js';
import { messages } from './messages.js';
import { canStartExpression, parseExpressionList } from './parse-expression.js';
import { joinSpans } from './span.js';
import type { Token } from './tokens.js';

/** Statements on one logical line, separated by `;`, then the NEWLINE that ends it. */
export function parseSimpleStatements(p: TokenCursor): Statement[] {
  const statements = [parseSmallStatement(p)];
  while (p.eatOp(';') && !p.at('newline')) statements.push(parseSmallStatement(p));
  if (!p.at('newline')) p.failExpected('end of line');
  p.next();
  return statements;
}

function parseSmallStatement(p: TokenCursor): Statement {
  const token = p.peek();
  if (token.kind === 'keyword') {
    if (token.text === 'import') return parseImport(p);
    if (token.text === 'from') return parseImportFrom(p);
    if (token.text === 'pass') return { kind: 'Pass', span: p.next().span };
    if (token.text === 'return') return parseReturn(p);
  }
  return parseAssignmentOrExpression(p);
}

function parseReturn(p: TokenCursor): Statement {
  const start = p.next();
  if (!canStartExpression(p.peek())) return { kind: 'Return', value: undefined, span: start.span };
  const value = parseExpressionList(p);
  return { kind: 'Return', value, span: joinSpans(start.span, p.outer(value)) };
}

const AUGMENTED: readonly AugmentedOperator[] = [
  '+',
  '-',
  '*',
  '/',
  '//',
  '%',
  '**',
  '&',
  '|',
  '^',
  '<<',
  '>>',
];

function parseAssignmentOrExpression(p: TokenCursor): Statement {
  const first = parseExpressionList(p);
  if (p.isOp('=')) {
    const targets: AssignTarget[] = [];
    let value = first;
    while (p.eatOp('=')) {
      targets.push(checkTarget(p, value));
      value = parseExpressionList(p);
    }
    return { kind: 'Assign', targets, value, span: joinSpans(p.outer(first), p.outer(value)) };
  }
  const op = AUGMENTED.find((o) => p.isOp(`${o}=`));
  if (op !== undefined) {
    const target = checkAugmentedTarget(p, first, op);
    p.next();
    const value = parseExpressionList(p);
    return {
      kind: 'AugAssign',
      target,
      op,
      value,
      span: joinSpans(p.outer(first), p.outer(value)),
    };
  }
  if (p.isOp(':')) {
    const hint = 'write the assignment without the type: name = value';
    p.fail(messages.unsupported('variable annotations are', hint), p.peek().span);
  }
  return { kind: 'ExprStatement', expr: first, span: p.outer(first) };
}

const TARGET_HINT = "only a name, df.col, df['col'] or a tuple of these can be assigned";

function checkTarget(p: TokenCursor, expr: Expression): AssignTarget {
  switch (expr.kind) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      return expr;
    case 'Tuple':
    case 'List':
      for (const element of expr.elements) checkSimpleTarget(p, element);
      return expr;
    default:
      return failTarget(p, expr);
  }
}

function checkSimpleTarget(p: TokenCursor, expr: Expression): void {
  if (expr.kind !== 'Name' && expr.kind !== 'Attribute' && expr.kind !== 'Subscript') {
    failTarget(p, expr);
  }
}

function checkAugmentedTarget(
  p: TokenCursor,
  expr: Expression,
  op: string,
): Name | Attribute | Subscript {
  if (expr.kind === 'Name' || expr.kind === 'Attribute' || expr.kind === 'Subscript') return expr;
  const what =
    expr.kind === 'Tuple' || expr.kind === 'List'
      ? `a ${expr.kind.toLowerCase()} with '${op}='`
      : describeTarget(expr);
  return p.fail(messages.invalidTarget(what, TARGET_HINT), p.outer(expr));
}

function failTarget(p: TokenCursor, expr: Expression): never {
  const hint =
    expr.kind === 'Call' || expr.kind === 'Compare'
      ? "to compare, use '=='; to set a column, write df.col = value"
      : TARGET_HINT;
  p.fail(messages.invalidTarget(describeTarget(expr), hint), p.outer(expr));
}

function describeTarget(expr: Expression): string {
  switch (expr.kind) {
    case 'Call':
      return 'a function call';
    case 'Int':
    case 'Float':
    case 'Str':
    case 'Bool':
    case 'None':
      return 'a literal';
    case 'Compare':
      return 'a comparison';
    case 'Lambda':
      return 'a lambda';
    default:
      return 'an expression';
  }
}

function parseImport(p: TokenCursor): Statement {
  const start = p.next();
  const names = [parseAlias(p, parseDottedName(p))];
  while (p.eatOp(',')) names.push(parseAlias(p, parseDottedName(p)));
  return { kind: 'Import', names, span: joinSpans(start.span, p.previous.span) };
}

function parseImportFrom(p: TokenCursor): Statement {
  const start = p.next();
  const module = parseDottedName(p)
    .map((t) => t.text)
    .join('.');
  p.expectKeyword('import', "'import' after the module name");
  const star = p.eatOp('*');
  const names: ImportAlias[] =
    star === undefined
      ? parseImportNames(p)
      : [{ kind: 'ImportAlias', name: '*', asName: undefined, span: star.span }];
  return { kind: 'ImportFrom', module, names, span: joinSpans(start.span, p.previous.span) };
}

/** `a, b as c` or `(a, b,)`. */
function parseImportNames(p: TokenCursor): ImportAlias[] {
  const open = p.eatOp('(');
  const names = [parseAlias(p, [nameToken(p, 'a name to import')])];
  while (p.eatOp(',') && !(open !== undefined && p.isOp(')'))) {
    names.push(parseAlias(p, [nameToken(p, 'a name to import')]));
  }
  if (open !== undefined) p.expectOp(')', "',' or ')'");
  return names;
}

function parseDottedName(p: TokenCursor): Token[] {
  const parts = [nameToken(p, 'a module name')];
  while (p.eatOp('.')) parts.push(nameToken(p, "a name after '.'"));
  return parts;
}

function parseAlias(p: TokenCursor, parts: readonly Token[]): ImportAlias {
  const first = parts[0] ?? p.previous;
  const last = parts[parts.length - 1] ?? first;
  let asName: Identifier | undefined;
  if (p.isKeyword('as')) {
    p.next();
    const token = nameToken(p, "a name after 'as'");
    asName = { kind: 'Identifier', name: token.text, span: token.span };
  }
  const name = parts.map((t) => t.text).join('.');
  return { kind: 'ImportAlias', name, asName, span: joinSpans(first.span, (asName ?? last).span) };
}

function nameToken(p: TokenCursor, what: string): Token {
  if (!p.at('name')) p.failExpected(what);
  return p.next();
}
