import type { Position, Span } from './span.js';

/** `\n`, `\r\n` and a lone `\r` all end a line, as in Python. */
export function isNewline(ch: string): boolean {
  return ch === '\n' || ch === '\r';
}

/**
 * A character cursor over the source that keeps line and column as it moves, so tokens get
 * their positions without a second pass.
 */
export class Scanner {
  private offset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(readonly text: string) {}

  get atEnd(): boolean {
    return this.offset >= this.text.length;
  }

  /** The UTF-16 unit `ahead` places from the cursor, or '' past the end. */
  peek(ahead = 0): string {
    return this.text.charAt(this.offset + ahead);
  }

  /** Whether the source continues with `literal` at the cursor. */
  startsWith(literal: string): boolean {
    return this.text.startsWith(literal, this.offset);
  }

  /** Consumes one character (a whole line break counts as one) and returns it. */
  advance(): string {
    const ch = this.peek();
    if (ch === '') return ch;
    this.offset += ch === '\r' && this.peek(1) === '\n' ? 2 : 1;
    if (isNewline(ch)) {
      this.line += 1;
      this.lineStart = this.offset;
    }
    return ch;
  }

  /** Consumes a whole code point (for reporting a stray astral character as one). */
  advanceCodePoint(): string {
    const ch = String.fromCodePoint(this.text.codePointAt(this.offset) ?? 0);
    if (ch.length === 2) this.offset += 2;
    else this.advance();
    return ch;
  }

  /** Consumes `count` characters that are known not to contain line breaks. */
  skip(count: number): void {
    this.offset += count;
  }

  /** Consumes characters while `test` holds, stopping at line breaks; returns what it took. */
  takeWhile(test: (ch: string) => boolean): string {
    const from = this.offset;
    while (!this.atEnd && !isNewline(this.peek()) && test(this.peek())) this.offset += 1;
    return this.text.slice(from, this.offset);
  }

  /** Matches a sticky regex at the cursor without consuming; returns the match text. */
  match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.offset;
    return pattern.exec(this.text)?.[0];
  }

  position(): Position {
    return { line: this.line, col: this.offset - this.lineStart + 1, offset: this.offset };
  }

  spanFrom(start: Position): Span {
    return { start, end: this.position() };
  }
}
