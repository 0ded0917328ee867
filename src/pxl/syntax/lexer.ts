import { isUnsafeForTerminal, type Diagnostic } from '../errors.js';
import { IndentStack, measureIndent } from './indentation.js';
import { lexNumber } from './lex-number.js';
import { isStringPrefix, lexString } from './lex-string.js';
import { messages, type SyntaxMessage } from './messages.js';
import { isNewline, Scanner } from './scanner.js';
import { pointSpan, type Span } from './span.js';
import { KEYWORDS, OPERATORS, type LayoutToken, type TextToken, type Token } from './tokens.js';

export interface LexResult {
  /** Always ends with an `eof` token; INDENT and DEDENT are balanced. */
  readonly tokens: readonly Token[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Diagnostics beyond this many are dropped: a binary file must not produce a million. */
export const MAX_DIAGNOSTICS = 20;
/** Matches CPython's limit; bounds the parser's recursion through nested brackets. */
const MAX_BRACKETS = 200;

const WORD = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const CLOSES: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Operators grouped by first character, longest first within a group. */
const OPERATORS_BY_FIRST = new Map<string, string[]>();
for (const op of OPERATORS) {
  OPERATORS_BY_FIRST.set(op.charAt(0), [...(OPERATORS_BY_FIRST.get(op.charAt(0)) ?? []), op]);
}

/**
 * Splits PxL source into tokens, Python style: NEWLINE ends a logical line, INDENT and DEDENT
 * mark blocks, and line breaks inside brackets or after a backslash join lines. Never throws;
 * problems become diagnostics and lexing goes on.
 */
export function tokenize(source: string): LexResult {
  return new Lexer(source).run();
}

class Lexer {
  private readonly scanner: Scanner;
  private readonly tokens: Token[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly brackets: TextToken[] = [];
  private readonly indents = new IndentStack();
  private lineHasTokens = false;
  private atLineStart = true;
  private readonly report = (message: SyntaxMessage, span: Span): void => {
    if (this.diagnostics.length < MAX_DIAGNOSTICS) this.diagnostics.push({ ...message, span });
  };

  constructor(source: string) {
    this.scanner = new Scanner(source);
  }

  run(): LexResult {
    // Editors on some systems start UTF-8 files with a byte-order mark; Python ignores it too.
    if (this.scanner.peek() === '\uFEFF') this.scanner.skip(1);
    while (!this.scanner.atEnd) this.step();
    this.finish();
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }

  private step(): void {
    const scanner = this.scanner;
    if (this.atLineStart) {
      this.atLineStart = false;
      if (this.brackets.length === 0) this.readIndentation();
      return;
    }
    const ch = scanner.peek();
    if (ch === ' ' || ch === '\t' || ch === '\f') scanner.skip(1);
    else if (ch === '#') scanner.takeWhile(() => true);
    else if (isNewline(ch)) this.endLine();
    else if (ch === '\\') this.continuation();
    else if (/\d/.test(ch) || (ch === '.' && /\d/.test(scanner.peek(1)))) {
      this.push(lexNumber(scanner, this.report));
    } else if (ch === '"' || ch === "'") {
      this.push(lexString(scanner, '', scanner.position(), this.report));
    } else if (scanner.match(WORD) !== undefined) this.word();
    else this.operatorOrStray();
  }

  private push(token: Token): void {
    this.tokens.push(token);
    this.lineHasTokens = true;
  }

  private layout(kind: LayoutToken['kind'], span: Span): void {
    this.tokens.push({ kind, text: '', span });
  }

  private readIndentation(): void {
    const scanner = this.scanner;
    const start = scanner.position();
    const whitespace = scanner.takeWhile((ch) => ch === ' ' || ch === '\t' || ch === '\f');
    const next = scanner.peek();
    // Blank and comment-only lines do not take part in indentation.
    if (scanner.atEnd || isNewline(next) || next === '#') return;
    const span = scanner.spanFrom(start);
    const change = this.indents.update(measureIndent(whitespace));
    if (change.indent) this.layout('indent', span);
    for (let i = 0; i < change.dedents; i++) this.layout('dedent', pointSpan(span.end));
    if (change.problem !== undefined) this.report(change.problem, span);
  }

  private endLine(): void {
    const start = this.scanner.position();
    this.scanner.advance();
    if (this.brackets.length > 0) return;
    if (this.lineHasTokens) this.layout('newline', this.scanner.spanFrom(start));
    this.lineHasTokens = false;
    this.atLineStart = true;
  }

  private continuation(): void {
    const scanner = this.scanner;
    const start = scanner.position();
    scanner.skip(1);
    if (isNewline(scanner.peek())) scanner.advance();
    else if (scanner.atEnd) this.report(messages.continuationAtEnd(), scanner.spanFrom(start));
    else this.report(messages.continuationNotAtEnd(), scanner.spanFrom(start));
  }

  private word(): void {
    const scanner = this.scanner;
    const start = scanner.position();
    const word = scanner.match(WORD) ?? '';
    scanner.skip(word.length);
    const next = scanner.peek();
    if ((next === '"' || next === "'") && isStringPrefix(word)) {
      this.push(lexString(scanner, word, start, this.report));
      return;
    }
    const kind = KEYWORDS.has(word) ? 'keyword' : 'name';
    this.push({ kind, text: word, span: scanner.spanFrom(start) });
  }

  private operatorOrStray(): void {
    const scanner = this.scanner;
    const start = scanner.position();
    const op = OPERATORS_BY_FIRST.get(scanner.peek())?.find((o) => scanner.startsWith(o));
    if (op === undefined) {
      const ch = scanner.advanceCodePoint();
      this.report(strayCharacter(ch), scanner.spanFrom(start));
      return;
    }
    scanner.skip(op.length);
    const token: TextToken = { kind: 'op', text: op, span: scanner.spanFrom(start) };
    if (op === '(' || op === '[' || op === '{') this.open(token);
    else if (op === ')' || op === ']' || op === '}') this.close(token);
    this.push(token);
  }

  private open(token: TextToken): void {
    if (this.brackets.length >= MAX_BRACKETS) this.report(messages.tooDeep('brackets'), token.span);
    this.brackets.push(token);
  }

  private close(token: TextToken): void {
    const open = this.brackets[this.brackets.length - 1];
    if (open === undefined) {
      this.report(messages.unmatchedBracket(token.text), token.span);
      return;
    }
    const wanted = CLOSES[token.text];
    if (open.text === wanted) {
      this.brackets.pop();
      return;
    }
    this.report(
      messages.mismatchedBracket(token.text, open.text, open.span.start.line),
      token.span,
    );
    // Recover by closing down to a matching opener if there is one.
    const match = this.brackets.map((b) => b.text).lastIndexOf(wanted ?? '');
    if (match >= 0) this.brackets.length = match;
  }

  private finish(): void {
    const innermost = this.brackets[this.brackets.length - 1];
    // A problem inside the bracket (say an unterminated string) usually explains it.
    const explained = this.diagnostics.some(
      (d) => innermost !== undefined && d.span.start.offset >= innermost.span.start.offset,
    );
    if (innermost !== undefined && !explained) {
      this.report(messages.unclosedBracket(innermost.text), innermost.span);
    }
    const end = pointSpan(this.scanner.position());
    if (this.lineHasTokens) this.layout('newline', end);
    for (let i = 0; i < this.indents.openBlocks; i++) this.layout('dedent', end);
    this.layout('eof', end);
  }
}

const STRAY_HINTS: readonly (readonly [RegExp, string])[] = [
  [/[‘’‚‛“”„‟]/u, 'use straight quotes \' or " around strings'],
  [/\p{Zs}/u, 'replace it with an ordinary space'],
  [/!/, "use 'not' for negation and '!=' for inequality"],
];

function strayCharacter(ch: string): SyntaxMessage {
  const code = ch.codePointAt(0) ?? 0;
  const codePoint = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  let shown = `'${ch}' (${codePoint})`;
  if (code >= 0x21 && code < 0x7f) shown = `'${ch}'`;
  else if (isUnsafeForTerminal(ch)) shown = codePoint;
  const hint = STRAY_HINTS.find(([pattern]) => pattern.test(ch))?.[1];
  return messages.strayCharacter(shown, hint);
}
