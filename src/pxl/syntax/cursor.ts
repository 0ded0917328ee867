import type { Diagnostic } from '../errors.js';
import type { Expression } from './ast.js';
import { MAX_DIAGNOSTICS } from './lexer.js';
import { messages, type SyntaxMessage } from './messages.js';
import { pointSpan, type Span } from './span.js';
import { describeToken, type Token, type TokenKind } from './tokens.js';

/**
 * Thrown inside the parser to abandon the current statement; the statement loop catches it,
 * records the diagnostic and resynchronises at the next line. It never leaves the parser.
 */
export class SyntaxBail extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** Nesting allowed for expressions, well within Node's stack. */
const MAX_DEPTH = 100;

/** The parser's view of the token list: lookahead, expectations and error reporting. */
export class TokenCursor {
  private index = 0;
  private depth = 0;
  private readonly diagnostics: Diagnostic[] = [];
  /** Spans including the parentheses, for parenthesised expressions (`(a + b)`). */
  private readonly outerSpans = new WeakMap<Expression, Span>();

  constructor(private readonly tokens: readonly Token[]) {}

  get position(): number {
    return this.index;
  }

  /** Recorded diagnostics, in the order found. */
  get problems(): readonly Diagnostic[] {
    return this.diagnostics;
  }

  get isFull(): boolean {
    return this.diagnostics.length >= MAX_DIAGNOSTICS;
  }

  peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1];
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)] ?? last;
    if (token === undefined) throw new Error('token list must end with eof');
    return token;
  }

  /** The token consumed last (the first token before anything is consumed). */
  get previous(): Token {
    return this.tokens[Math.max(this.index - 1, 0)] ?? this.peek();
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  at(kind: TokenKind, ahead = 0): boolean {
    return this.peek(ahead).kind === kind;
  }

  isOp(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'op' && token.text === text;
  }

  isKeyword(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'keyword' && token.text === text;
  }

  eatOp(text: string): Token | undefined {
    return this.isOp(text) ? this.next() : undefined;
  }

  /** Consumes the operator `text` or fails with "expected <what>, found …". */
  expectOp(text: string, what = `'${text}'`, hint?: string): Token {
    return this.eatOp(text) ?? this.failExpected(what, hint);
  }

  /** Consumes the keyword `text` or fails with "expected <what>, found …". */
  expectKeyword(text: string, what = `'${text}'`, hint?: string): Token {
    return this.isKeyword(text) ? this.next() : this.failExpected(what, hint);
  }

  /**
   * Fails with "expected <what>, found <next token>". When the next token is a line end or
   * block boundary, the caret goes right after the previous token, where the thing is missing.
   */
  failExpected(what: string, hint?: string): never {
    const found = this.peek();
    const isLayout = found.kind === 'newline' || found.kind === 'eof' || found.kind === 'dedent';
    const span = isLayout ? pointSpan(this.previous.span.end) : found.span;
    this.fail(messages.expected(what, describeToken(found), hint), span);
  }

  fail(message: SyntaxMessage, span: Span): never {
    throw new SyntaxBail({ ...message, span });
  }

  /** Records a problem the parser can carry on past. */
  report(message: SyntaxMessage, span: Span): void {
    this.record({ ...message, span });
  }

  record(diagnostic: Diagnostic): void {
    if (!this.isFull) this.diagnostics.push(diagnostic);
  }

  /** Runs a parse step one nesting level deeper, failing past MAX_DEPTH instead of overflowing. */
  nested<T>(step: () => T): T {
    if (this.depth >= MAX_DEPTH) this.fail(messages.tooDeep('expression'), this.peek().span);
    this.depth += 1;
    try {
      return step();
    } finally {
      this.depth -= 1;
    }
  }

  /** Remembers that `expr` was written in parentheses spanning `span`. */
  markParenthesized(expr: Expression, span: Span): void {
    this.outerSpans.set(expr, span);
  }

  /** The span of `expr` including any parentheses around it, for spans of enclosing nodes. */
  outer(expr: Expression): Span {
    return this.outerSpans.get(expr) ?? expr.span;
  }
}
