import type { Call, Expression, Identifier, Keyword, Slice, Subscript } from './ast.js';
import type { TokenCursor } from './cursor.js';
import { messages } from './messages.js';
import { failComprehension, parseAtom } from './parse-atom.js';
import { parseExpression } from './parse-expression.js';
import { joinSpans, type Span } from './span.js';

/** An atom followed by any number of `.name`, `(args)` and `[index]`. */
export function parsePrimary(p: TokenCursor): Expression {
  let expr = parseAtom(p);
  for (;;) {
    if (p.eatOp('.')) expr = attribute(p, expr);
    else if (p.isOp('(')) expr = parseCall(p, expr);
    else if (p.isOp('[')) expr = parseSubscript(p, expr);
    else return expr;
  }
}

function attribute(p: TokenCursor, value: Expression): Expression {
  const token = p.peek();
  if (token.kind === 'keyword') {
    const hint = `'${token.text}' is a reserved word; write ['${token.text}'] to use a column of that name`;
    p.failExpected("an attribute name after '.'", hint);
  }
  if (token.kind !== 'name') p.failExpected("an attribute name after '.'");
  p.next();
  const attr: Identifier = { kind: 'Identifier', name: token.text, span: token.span };
  return { kind: 'Attribute', value, attr, span: joinSpans(p.outer(value), attr.span) };
}

function parseCall(p: TokenCursor, func: Expression): Call {
  p.next();
  const args: Expression[] = [];
  const keywords: Keyword[] = [];
  while (!p.isOp(')')) {
    const star = p.isOp('*') || p.isOp('**') ? p.peek() : undefined;
    if (star !== undefined) {
      const feature = `argument unpacking (${star.text}) is`;
      p.fail(messages.unsupported(feature, 'pass each argument by position or by name'), star.span);
    }
    if (p.at('name') && p.isOp('=', 1)) keywords.push(parseKeyword(p, keywords));
    else {
      const arg = parseExpression(p);
      if (p.isKeyword('for')) failComprehension(p);
      if (keywords.length > 0) p.fail(messages.positionalAfterKeyword(), p.outer(arg));
      args.push(arg);
    }
    if (!p.eatOp(',')) break;
  }
  const close = p.expectOp(')', "',' or ')' after the argument", 'separate arguments with commas');
  return { kind: 'Call', func, args, keywords, span: joinSpans(p.outer(func), close.span) };
}

function parseKeyword(p: TokenCursor, seen: readonly Keyword[]): Keyword {
  const token = p.next();
  const name: Identifier = { kind: 'Identifier', name: token.text, span: token.span };
  if (seen.some((k) => k.name.name === name.name)) {
    p.fail(messages.repeatedKeyword(name.name), name.span);
  }
  p.next();
  const value = parseExpression(p);
  return { kind: 'Keyword', name, value, span: joinSpans(name.span, p.outer(value)) };
}

/** `x[i]`, `x[a, b]` (a tuple index), `x[lo:hi:step]`. */
function parseSubscript(p: TokenCursor, value: Expression): Subscript {
  p.next();
  const first = parseIndexItem(p);
  let index: Expression | Slice = first;
  if (p.isOp(',')) {
    const elements = [first];
    while (p.eatOp(',') && !p.isOp(']')) elements.push(parseIndexItem(p));
    const tupleElements = elements.map((e) => {
      if (e.kind !== 'Slice') return e;
      return p.fail(
        messages.unsupported('slices inside a tuple index are', 'use a single slice'),
        e.span,
      );
    });
    const last = tupleElements[tupleElements.length - 1] ?? first;
    const span = joinSpans(outerOf(p, first), outerOf(p, last));
    index = { kind: 'Tuple', elements: tupleElements, parenthesized: false, span };
  }
  const close = p.expectOp(']', "',' or ']' to close the subscript");
  return { kind: 'Subscript', value, index, span: joinSpans(p.outer(value), close.span) };
}

function outerOf(p: TokenCursor, item: Expression | Slice): Span {
  return item.kind === 'Slice' ? item.span : p.outer(item);
}

/** An expression or a slice `lower:upper:step`, any part optional. */
function parseIndexItem(p: TokenCursor): Expression | Slice {
  const lower = p.isOp(':') ? undefined : parseExpression(p);
  if (lower !== undefined && !p.isOp(':')) return lower;
  const firstColon = p.next();
  let end = firstColon.span;
  const upper = sliceBound(p);
  if (upper !== undefined) end = p.outer(upper);
  let step: Expression | undefined;
  const secondColon = p.eatOp(':');
  if (secondColon !== undefined) {
    end = secondColon.span;
    step = sliceBound(p);
    if (step !== undefined) end = p.outer(step);
  }
  const start = lower === undefined ? firstColon.span : p.outer(lower);
  return { kind: 'Slice', lower, upper, step, span: joinSpans(start, end) };
}

function sliceBound(p: TokenCursor): Expression | undefined {
  return p.isOp(':') || p.isOp(']') || p.isOp(',') ? undefined : parseExpression(p);
}
