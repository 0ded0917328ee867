import type {
  BinaryOperator,
  CompareOperator,
  Expression,
  Lambda,
  Param,
  UnaryOperator,
} from './ast.js';
import type { TokenCursor } from './cursor.js';
import { messages } from './messages.js';
import { parsePrimary } from './parse-primary.js';
import { joinSpans } from './span.js';
import type { Token } from './tokens.js';

/**
 * Expressions by precedence, loosest first, as in Python's grammar:
 * lambda, `x if c else y`, or, and, not, comparisons, | ^ & << >> + - * / // %, unary - + ~,
 * `**`, then postfix calls, attributes and subscripts (parse-primary.ts).
 */
export function parseExpression(p: TokenCursor): Expression {
  return p.nested(() => {
    const expr = p.isKeyword('lambda') ? parseLambda(p) : parseConditional(p);
    if (p.isOp(':=')) {
      p.fail(
        messages.unsupported("the ':=' operator is", 'assign on a line of its own with ='),
        p.peek().span,
      );
    }
    return expr;
  });
}

/** `a, b, c` (a Tuple without parentheses) or a single expression. */
export function parseExpressionList(p: TokenCursor): Expression {
  const first = parseExpression(p);
  if (!p.isOp(',')) return first;
  const elements = [first];
  while (p.eatOp(',') && canStartExpression(p.peek())) elements.push(parseExpression(p));
  const last = elements[elements.length - 1] ?? first;
  const span = joinSpans(p.outer(first), p.outer(last));
  return { kind: 'Tuple', elements, parenthesized: false, span };
}

const EXPRESSION_KEYWORDS = new Set(['True', 'False', 'None', 'not', 'lambda']);
const EXPRESSION_OPS = new Set(['(', '[', '{', '-', '+', '~']);

/** Whether a token can begin an expression (to tell `a, b` from a trailing comma). */
export function canStartExpression(token: Token): boolean {
  switch (token.kind) {
    case 'name':
    case 'int':
    case 'float':
    case 'string':
      return true;
    case 'keyword':
      return EXPRESSION_KEYWORDS.has(token.text);
    case 'op':
      return EXPRESSION_OPS.has(token.text);
    case 'newline':
    case 'indent':
    case 'dedent':
    case 'eof':
      return false;
  }
}

function parseConditional(p: TokenCursor): Expression {
  const body = parseOr(p);
  if (!p.isKeyword('if')) return body;
  p.next();
  const test = parseOr(p);
  p.expectKeyword('else', "'else' in the conditional expression (a if condition else b)");
  const orelse = parseExpression(p);
  return { kind: 'IfExp', test, body, orelse, span: joinSpans(p.outer(body), p.outer(orelse)) };
}

function parseLambda(p: TokenCursor): Lambda {
  const start = p.next();
  const params = parseLambdaParams(p);
  p.expectOp(':', "':' after the lambda parameters");
  const body = parseExpression(p);
  return { kind: 'Lambda', params, body, span: joinSpans(start.span, p.outer(body)) };
}

function parseLambdaParams(p: TokenCursor): Param[] {
  const params: Param[] = [];
  while (!p.isOp(':')) {
    const token = p.peek();
    if (token.kind !== 'name') p.failExpected("a parameter name or ':'");
    p.next();
    const name = { kind: 'Identifier', name: token.text, span: token.span } as const;
    const defaultValue = p.eatOp('=') ? parseExpression(p) : undefined;
    const end = defaultValue === undefined ? token.span : p.outer(defaultValue);
    params.push({
      kind: 'Param',
      name,
      annotation: undefined,
      default: defaultValue,
      span: joinSpans(token.span, end),
    });
    if (!p.eatOp(',')) break;
  }
  return params;
}

function parseOr(p: TokenCursor): Expression {
  let left = parseAnd(p);
  while (p.isKeyword('or')) {
    p.next();
    const right = parseAnd(p);
    left = {
      kind: 'BoolOp',
      op: 'or',
      left,
      right,
      span: joinSpans(p.outer(left), p.outer(right)),
    };
  }
  return left;
}

function parseAnd(p: TokenCursor): Expression {
  let left = parseNot(p);
  while (p.isKeyword('and')) {
    p.next();
    const right = parseNot(p);
    left = {
      kind: 'BoolOp',
      op: 'and',
      left,
      right,
      span: joinSpans(p.outer(left), p.outer(right)),
    };
  }
  return left;
}

function parseNot(p: TokenCursor): Expression {
  if (!p.isKeyword('not')) return parseComparison(p);
  const start = p.next();
  const operand = p.nested(() => parseNot(p));
  return { kind: 'UnaryOp', op: 'not', operand, span: joinSpans(start.span, p.outer(operand)) };
}

const COMPARE_OPS: readonly CompareOperator[] = ['<', '>', '==', '!=', '<=', '>='];

function parseComparison(p: TokenCursor): Expression {
  const left = parseBinary(p, 0);
  const ops: CompareOperator[] = [];
  const comparators: Expression[] = [];
  for (let op = compareOperator(p); op !== undefined; op = compareOperator(p)) {
    ops.push(op);
    comparators.push(parseBinary(p, 0));
  }
  const last = comparators[comparators.length - 1];
  if (last === undefined) return left;
  return { kind: 'Compare', left, ops, comparators, span: joinSpans(p.outer(left), p.outer(last)) };
}

/** Consumes a comparison operator (including `not in` and `is not`) if one is next. */
function compareOperator(p: TokenCursor): CompareOperator | undefined {
  const symbol = COMPARE_OPS.find((o) => p.isOp(o));
  if (symbol !== undefined) {
    p.next();
    return symbol;
  }
  if (p.isKeyword('in')) {
    p.next();
    return 'in';
  }
  if (p.isKeyword('not') && p.isKeyword('in', 1)) {
    p.next();
    p.next();
    return 'not in';
  }
  if (p.isKeyword('is')) {
    p.next();
    if (!p.isKeyword('not')) return 'is';
    p.next();
    return 'is not';
  }
  return undefined;
}

/** Left-associative binary levels, loosest first. */
const BINARY_LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['|'],
  ['^'],
  ['&'],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '//', '%'],
];

function parseBinary(p: TokenCursor, level: number): Expression {
  const ops = BINARY_LEVELS[level];
  if (ops === undefined) return parseUnary(p);
  let left = parseBinary(p, level + 1);
  for (let op = ops.find((o) => p.isOp(o)); op !== undefined; op = ops.find((o) => p.isOp(o))) {
    p.next();
    const right = parseBinary(p, level + 1);
    left = { kind: 'BinOp', op, left, right, span: joinSpans(p.outer(left), p.outer(right)) };
  }
  return left;
}

const UNARY_OPS: readonly UnaryOperator[] = ['-', '+', '~'];

function parseUnary(p: TokenCursor): Expression {
  const op = UNARY_OPS.find((o) => p.isOp(o));
  if (op === undefined) return parsePower(p);
  const start = p.next();
  const operand = p.nested(() => parseUnary(p));
  return { kind: 'UnaryOp', op, operand, span: joinSpans(start.span, p.outer(operand)) };
}

/** `**` binds tighter than unary minus on its left and looser on its right: -a ** -b. */
function parsePower(p: TokenCursor): Expression {
  const base = parsePrimary(p);
  if (!p.eatOp('**')) return base;
  const exponent = p.nested(() => parseUnary(p));
  return {
    kind: 'BinOp',
    op: '**',
    left: base,
    right: exponent,
    span: joinSpans(p.outer(base), p.outer(exponent)),
  };
}
