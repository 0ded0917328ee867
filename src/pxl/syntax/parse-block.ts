import type { Expression, FunctionDef, If, Param, Statement } from './ast.js';
import { SyntaxBail, type TokenCursor } from './cursor.js';
import { messages } from './messages.js';
import { parseExpression } from './parse-expression.js';
import { parseSimpleStatements } from './parse-simple.js';
import { joinSpans, pointSpan, type Span } from './span.js';
import type { Token } from './tokens.js';

/** Keywords that start statements PxL leaves out; each gets its own explanation. */
const UNSUPPORTED = new Set([
  'for',
  'while',
  'class',
  'try',
  'with',
  'async',
  'del',
  'global',
  'nonlocal',
  'raise',
  'assert',
  'break',
  'continue',
]);
const DANGLING: Record<string, string> = { elif: 'if', else: 'if', except: 'try', finally: 'try' };

/**
 * Statements up to the end of the block (a DEDENT) or of the script. A statement that fails
 * to parse is recorded and skipped up to the end of its line, together with any block indented
 * under it, so one mistake yields one diagnostic and the rest of the script is still checked.
 */
export function parseStatements(p: TokenCursor, inBlock: boolean): Statement[] {
  const statements: Statement[] = [];
  while (!p.at('eof') && !(inBlock && p.at('dedent')) && !p.isFull) {
    const before = p.position;
    if (p.at('indent')) {
      p.report(messages.unexpectedIndent(), p.peek().span);
      skipIndentedBlock(p);
      continue;
    }
    try {
      statements.push(...parseStatement(p));
    } catch (error) {
      if (!(error instanceof SyntaxBail)) throw error;
      p.record(error.diagnostic);
      synchronize(p);
    }
    // Guarantees progress on any input; a block's own DEDENT is left for the loop test.
    if (p.position === before && !(inBlock && p.at('dedent'))) p.next();
  }
  return statements;
}

function parseStatement(p: TokenCursor): Statement[] {
  const token = p.peek();
  if (p.isOp('@')) return [parseDecorated(p)];
  if (token.kind !== 'keyword') return parseSimpleStatements(p);
  if (token.text === 'def') return [parseFunctionDef(p, [])];
  if (token.text === 'if') return [parseIf(p)];
  if (UNSUPPORTED.has(token.text)) p.fail(messages.unsupportedStatement(token.text), token.span);
  const opener = DANGLING[token.text];
  if (opener !== undefined) p.fail(messages.danglingClause(token.text, opener), token.span);
  return parseSimpleStatements(p);
}

/** Skips the rest of a bad line and any block indented under it. */
function synchronize(p: TokenCursor): void {
  while (!p.at('newline') && !p.at('eof') && !p.at('dedent') && !p.at('indent')) p.next();
  if (p.at('newline')) p.next();
  if (p.at('indent')) skipIndentedBlock(p);
}

function skipIndentedBlock(p: TokenCursor): void {
  let depth = 0;
  do {
    const token = p.next();
    if (token.kind === 'indent') depth += 1;
    else if (token.kind === 'dedent') depth -= 1;
    else if (token.kind === 'eof') return;
  } while (depth > 0);
}

/**
 * The body after a `:`: an indented block, or simple statements on the same line. A missing
 * block is reported and read as empty, so the lines after it still parse.
 */
function parseSuite(p: TokenCursor, header: Token): { body: Statement[]; end: Span } {
  const colon = p.previous;
  if (!p.at('newline')) {
    const body = parseSimpleStatements(p);
    return { body, end: lastSpan(body) ?? colon.span };
  }
  p.next();
  if (!p.at('indent')) {
    // At the end of the script there is no next line to point at; point after the ':'.
    const span = p.at('eof') ? pointSpan(colon.span.end) : p.peek().span;
    p.report(messages.expectedIndentedBlock(header.text, header.span.start.line), span);
    return { body: [], end: colon.span };
  }
  p.next();
  const body = parseStatements(p, true);
  if (p.at('dedent')) p.next();
  return { body, end: lastSpan(body) ?? colon.span };
}

function lastSpan(body: readonly Statement[]): Span | undefined {
  return body[body.length - 1]?.span;
}

interface IfClause {
  readonly keyword: Token;
  readonly test: Expression;
  readonly body: Statement[];
  readonly end: Span;
}

/** `if`/`elif`/`else`, read in a loop so that a long elif chain costs no stack. */
function parseIf(p: TokenCursor): If {
  const first = parseIfClause(p);
  const elifs: IfClause[] = [];
  while (p.isKeyword('elif')) elifs.push(parseIfClause(p));
  let tail: Statement[] = [];
  let tailEnd: Span | undefined;
  if (p.isKeyword('else')) {
    const keyword = p.next();
    p.expectOp(':', "':' after 'else'");
    ({ body: tail, end: tailEnd } = parseSuite(p, keyword));
  }
  // Each elif becomes an If alone in the orelse of the clause before it.
  for (const clause of elifs.reverse()) {
    const node = ifNode(clause, tail, tailEnd);
    tail = [node];
    tailEnd = node.span;
  }
  return ifNode(first, tail, tailEnd);
}

function parseIfClause(p: TokenCursor): IfClause {
  const keyword = p.next();
  const test = parseExpression(p);
  const hint = p.isOp('=')
    ? "to compare, use '=='"
    : `an '${keyword.text}' line ends with ':' and its body is indented below it`;
  p.expectOp(':', `':' after the '${keyword.text}' condition`, hint);
  return { keyword, test, ...parseSuite(p, keyword) };
}

function ifNode(clause: IfClause, orelse: Statement[], orelseEnd: Span | undefined): If {
  const span = joinSpans(clause.keyword.span, orelseEnd ?? clause.end);
  return { kind: 'If', test: clause.test, body: clause.body, orelse, span };
}

/** Decorators, then the def they apply to; the def's span starts at the first '@'. */
function parseDecorated(p: TokenCursor): FunctionDef {
  const at = p.peek();
  const decorators: Expression[] = [];
  while (p.eatOp('@')) {
    decorators.push(parseExpression(p));
    if (!p.at('newline')) p.failExpected('end of line after the decorator');
    p.next();
  }
  if (!p.isKeyword('def')) p.failExpected("'def' after the decorator");
  const def = parseFunctionDef(p, decorators);
  return { ...def, span: joinSpans(at.span, def.span) };
}

function parseFunctionDef(p: TokenCursor, decorators: readonly Expression[]): FunctionDef {
  const keyword = p.next();
  const nameToken = p.peek();
  if (nameToken.kind !== 'name') p.failExpected("a function name after 'def'");
  p.next();
  const name = { kind: 'Identifier', name: nameToken.text, span: nameToken.span } as const;
  p.expectOp('(', "'(' after the function name");
  const params = parseParams(p);
  p.expectOp(')', "',' or ')' after the parameter");
  const returns = p.eatOp('->') ? parseExpression(p) : undefined;
  const hint = "a 'def' line ends with ':' and its body is indented below it";
  p.expectOp(':', `':' after the signature of '${name.name}'`, hint);
  const { body, end } = parseSuite(p, keyword);
  const span = joinSpans(keyword.span, end);
  return { kind: 'FunctionDef', name, params, returns, body, decorators, span };
}

/** `name: annotation = default`, comma separated; stops before `)`. */
function parseParams(p: TokenCursor): Param[] {
  const params: Param[] = [];
  while (!p.isOp(')')) {
    const token = p.peek();
    if (p.isOp('*') || p.isOp('**') || p.isOp('/')) {
      const hint = 'declare each parameter by name';
      p.fail(messages.unsupported(`'${token.text}' parameters are`, hint), token.span);
    }
    if (token.kind !== 'name') p.failExpected("a parameter name or ')'");
    p.next();
    if (params.some((param) => param.name.name === token.text)) {
      p.fail(messages.repeatedParameter(token.text), token.span);
    }
    const annotation = p.eatOp(':') ? parseExpression(p) : undefined;
    const defaultValue = p.eatOp('=') ? parseExpression(p) : undefined;
    if (defaultValue === undefined && params.some((param) => param.default !== undefined)) {
      p.fail(messages.defaultOrder(), token.span);
    }
    const last = defaultValue ?? annotation;
    params.push({
      kind: 'Param',
      name: { kind: 'Identifier', name: token.text, span: token.span },
      annotation,
      default: defaultValue,
      span: joinSpans(token.span, last === undefined ? token.span : p.outer(last)),
    });
    if (!p.eatOp(',')) break;
  }
  return params;
}
