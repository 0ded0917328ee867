import {
  asDiagnostics,
  DEFAULT_FILE_NAME,
  PxlSyntaxError,
  type Diagnostic,
  type Diagnostics,
} from '../errors.js';
import type { Expression, Module, Node } from './ast.js';
import { SyntaxBail, TokenCursor } from './cursor.js';
import { MAX_DIAGNOSTICS, tokenize } from './lexer.js';
import { parseStatements } from './parse-block.js';
import { parseExpressionList } from './parse-expression.js';
import { messages } from './messages.js';
import type { Span } from './span.js';
import { nodeDeeperThan } from './walk.js';

/** How deep a syntax tree may be; real scripts stay under 30 levels. */
export const MAX_TREE_DEPTH = 1000;

/** A parsed tree, or every syntax problem found (in source order, at most 20). */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly diagnostics: Diagnostics };

/**
 * Parses a PxL script. Never throws: syntax problems come back as diagnostics, so the CLI can
 * show them all and the checker can reuse the same type for its own.
 */
export function parsePxl(source: string, fileName = DEFAULT_FILE_NAME): ParseResult<Module> {
  const lexed = tokenize(source);
  const cursor = new TokenCursor(lexed.tokens);
  const body = parseStatements(cursor, false);
  const end = cursor.peek().span.end;
  const span: Span = { start: { line: 1, col: 1, offset: 0 }, end };
  const module: Module = { kind: 'Module', fileName, body, span };
  checkDepth(cursor, module);
  const problems = merge(lexed.diagnostics, cursor.problems);
  if (problems !== undefined) return { ok: false, diagnostics: problems };
  return { ok: true, value: module };
}

/** Parses a PxL script, throwing a PxlSyntaxError (which can render itself) on problems. */
export function parsePxlOrThrow(source: string, fileName = DEFAULT_FILE_NAME): Module {
  const result = parsePxl(source, fileName);
  if (result.ok) return result.value;
  throw new PxlSyntaxError(result.diagnostics, { name: fileName, text: source });
}

/** Parses a single expression, such as a column formula (`a, b` gives a Tuple). */
export function parsePxlExpression(source: string): ParseResult<Expression> {
  const lexed = tokenize(source);
  const cursor = new TokenCursor(lexed.tokens);
  let value: Expression | undefined;
  try {
    value = parseExpressionList(cursor);
    if (!cursor.at('newline') && !cursor.at('eof'))
      cursor.failExpected('the end of the expression');
    cursor.next();
    if (!cursor.at('eof')) cursor.failExpected('the end of the expression');
  } catch (error) {
    if (!(error instanceof SyntaxBail)) throw error;
    cursor.record(error.diagnostic);
  }
  if (value !== undefined) checkDepth(cursor, value);
  const problems = merge(lexed.diagnostics, cursor.problems);
  if (problems !== undefined) return { ok: false, diagnostics: problems };
  if (value === undefined) throw new Error('an expression parse without problems has a value');
  return { ok: true, value };
}

/**
 * Later passes (checker, planner) walk the tree recursively; bounding its depth here keeps a
 * hostile `1+1+...+1` from overflowing their stacks.
 */
function checkDepth(cursor: TokenCursor, root: Node): void {
  const deep = nodeDeeperThan(root, MAX_TREE_DEPTH);
  if (deep !== undefined) cursor.report(messages.treeTooDeep(MAX_TREE_DEPTH), deep.span);
}

/**
 * Lexer problems all count. Parser problems count only before the first lexer problem: after
 * an unclosed bracket or a broken indent the parser sees a distorted token stream, and its
 * complaints there would be echoes of the real mistake.
 */
function merge(
  lexer: readonly Diagnostic[],
  parser: readonly Diagnostic[],
): Diagnostics | undefined {
  const cutoff = Math.min(...lexer.map((d) => d.span.start.offset));
  const kept = parser.filter((d) => d.span.start.offset < cutoff);
  const all = [...lexer, ...kept].sort((a, b) => a.span.start.offset - b.span.start.offset);
  return asDiagnostics(all.slice(0, MAX_DIAGNOSTICS));
}
