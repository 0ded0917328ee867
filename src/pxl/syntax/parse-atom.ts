import type { Dict, DictEntry, Expression, List, Str } from './ast.js';
import type { TokenCursor } from './cursor.js';
import { messages } from './messages.js';
import { parseExpression } from './parse-expression.js';
import { joinSpans } from './span.js';
import type { StringToken } from './tokens.js';

const NO_COMPREHENSIONS =
  'PxL works on whole DataFrames and has no loops; write the list out, or compute a column with df.col = expr';

/** Names, literals, and bracketed forms: `( )`, `[ ]`, `{ }`. */
export function parseAtom(p: TokenCursor): Expression {
  const token = p.peek();
  switch (token.kind) {
    case 'name':
      p.next();
      return { kind: 'Name', id: token.text, span: token.span };
    case 'int':
      p.next();
      return { kind: 'Int', value: token.value, span: token.span };
    case 'float':
      p.next();
      return { kind: 'Float', value: token.value, span: token.span };
    case 'string':
      return parseStrings(p, token);
    case 'keyword':
      return parseKeywordAtom(p);
    case 'op':
      if (token.text === '(') return parseParenthesized(p);
      if (token.text === '[') return parseList(p);
      if (token.text === '{') return parseDict(p);
      return p.failExpected('an expression');
    case 'newline':
    case 'indent':
    case 'dedent':
    case 'eof':
      return p.failExpected('an expression');
  }
}

function parseKeywordAtom(p: TokenCursor): Expression {
  const token = p.peek();
  if (token.text === 'True' || token.text === 'False') {
    p.next();
    return { kind: 'Bool', value: token.text === 'True', span: token.span };
  }
  if (token.text === 'None') {
    p.next();
    return { kind: 'None', span: token.span };
  }
  if (token.text === 'yield' || token.text === 'await') {
    p.fail(messages.unsupportedStatement(token.text), token.span);
  }
  return p.failExpected('an expression');
}

/** Adjacent string literals are one string, as in Python: `'a' 'b'` is `'ab'`. */
function parseStrings(p: TokenCursor, first: StringToken): Str {
  p.next();
  let value = first.value;
  let last = first;
  for (let token = p.peek(); token.kind === 'string'; token = p.peek()) {
    p.next();
    value += token.value;
    last = token;
  }
  return { kind: 'Str', value, span: joinSpans(first.span, last.span) };
}

function parseParenthesized(p: TokenCursor): Expression {
  const open = p.next();
  const empty = p.eatOp(')');
  if (empty !== undefined) {
    return {
      kind: 'Tuple',
      elements: [],
      parenthesized: true,
      span: joinSpans(open.span, empty.span),
    };
  }
  const first = parseExpression(p);
  if (p.isKeyword('for')) failComprehension(p);
  if (!p.isOp(',')) {
    const close = p.expectOp(')', "')'");
    p.markParenthesized(first, joinSpans(open.span, close.span));
    return first;
  }
  const elements = parseRest(p, first, ')');
  const close = p.expectOp(')', "',' or ')'");
  return { kind: 'Tuple', elements, parenthesized: true, span: joinSpans(open.span, close.span) };
}

function parseList(p: TokenCursor): List {
  const open = p.next();
  const elements: Expression[] = [];
  if (!p.isOp(']')) {
    const first = parseExpression(p);
    if (p.isKeyword('for')) failComprehension(p);
    elements.push(...parseRest(p, first, ']'));
  }
  const close = p.expectOp(']', "',' or ']' to close the list");
  return { kind: 'List', elements, span: joinSpans(open.span, close.span) };
}

/** The elements after the first of a comma-separated list, allowing a trailing comma. */
function parseRest(p: TokenCursor, first: Expression, closer: string): Expression[] {
  const elements = [first];
  while (p.eatOp(',') && !p.isOp(closer)) elements.push(parseExpression(p));
  return elements;
}

function parseDict(p: TokenCursor): Dict {
  const open = p.next();
  const entries: DictEntry[] = [];
  while (!p.isOp('}')) {
    if (p.isOp('**')) {
      const hint = 'write the entries out one by one';
      p.fail(messages.unsupported('dictionary unpacking (**) is', hint), p.peek().span);
    }
    const key = parseExpression(p);
    if (p.isOp(',') || p.isOp('}')) {
      p.fail(messages.unsupported('set literals are', 'use a list [a, b] instead'), p.outer(key));
    }
    p.expectOp(':', "':' after the dictionary key");
    const value = parseExpression(p);
    if (p.isKeyword('for')) failComprehension(p);
    entries.push({ kind: 'DictEntry', key, value, span: joinSpans(p.outer(key), p.outer(value)) });
    if (!p.eatOp(',')) break;
  }
  const close = p.expectOp('}', "',' or '}' to close the dictionary");
  return { kind: 'Dict', entries, span: joinSpans(open.span, close.span) };
}

/** Called with `for` next after an element: a comprehension, which PxL leaves out. */
export function failComprehension(p: TokenCursor): never {
  return p.fail(messages.unsupported('comprehensions are', NO_COMPREHENSIONS), p.peek().span);
}
