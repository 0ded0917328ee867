/**
 * A SQL lexer just deep enough to tell literals from the rest: strings, numbers and
 * placeholders become tokens, everything else (keywords, names, operators, comments, space)
 * is kept as text. It never parses, so it accepts any statement, valid or not, and it runs in
 * one pass over the text. Untrusted input never throws: an unterminated quote or comment is
 * reported as `error`.
 */
export interface SqlDialect {
  /** MySQL: "..." is a string, `...` a name, # starts a comment, \ escapes in strings, ? binds. */
  readonly mysql: boolean;
}

export type SqlToken =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'literal'; readonly value: string }
  /** `?` (MySQL) or `$n` (PostgreSQL, `index` = n). */
  | { readonly kind: 'placeholder'; readonly index: number };

/** What went wrong reading a token, or undefined. */
type Problem = string | undefined;

export type LexResult = { readonly tokens: SqlToken[] } | { readonly error: string };

const SPACE = /\s/;
const DIGIT = /[0-9]/;
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;
const PARAM = /\$([0-9]{1,9})/y;
const DOLLAR_TAG = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;
const HEX = /0[xX][0-9a-fA-F]+/y;
const DECIMAL = /[0-9]*\.?[0-9]*(?:[eE][+-]?[0-9]+)?/y;
/** Letters that may prefix a quoted literal: E'\n' (PostgreSQL), X'ff', B'01', N'text'. */
const STRING_PREFIX = /^[EeXxBbNn]$/;

class Scanner {
  readonly tokens: SqlToken[] = [];
  i = 0;
  /** Whether the last significant token ends an operand (so a following '-' subtracts). */
  afterOperand = false;
  constructor(
    readonly sql: string,
    readonly dialect: SqlDialect,
  ) {}

  at(offset = 0): string {
    return this.sql[this.i + offset] ?? '';
  }

  /** The text a sticky pattern matches at the current position, or undefined. */
  match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.i;
    return pattern.exec(this.sql);
  }

  text(text: string, operand: boolean | undefined): void {
    const last = this.tokens[this.tokens.length - 1];
    if (last?.kind === 'text')
      this.tokens[this.tokens.length - 1] = { kind: 'text', text: last.text + text };
    else this.tokens.push({ kind: 'text', text });
    if (operand !== undefined) this.afterOperand = operand;
  }

  literal(value: string): void {
    this.tokens.push({ kind: 'literal', value });
    this.afterOperand = true;
  }
}

export function lexSql(sql: string, dialect: SqlDialect): LexResult {
  const s = new Scanner(sql, dialect);
  while (s.i < sql.length) {
    const problem = step(s);
    if (problem !== undefined) return { error: problem };
  }
  return { tokens: s.tokens };
}

/** Reads one token; returns an error message for input that cannot be split. */
function step(s: Scanner): Problem {
  const c = s.at();
  if (SPACE.test(c)) return copy(s, SPACE, undefined);
  if (startsComment(s)) return comment(s);
  if (c === "'") return quotedLiteral(s, "'", 0);
  if (c === '"') return s.dialect.mysql ? quotedLiteral(s, '"', 0) : quotedName(s, '"');
  if (c === '`' && s.dialect.mysql) return quotedName(s, '`');
  if (c === '?' && s.dialect.mysql) return placeholder(s, 0, 1);
  if (c === '$' && !s.dialect.mysql) return dollar(s);
  if (startsNumber(s, 0)) return number(s, 0);
  if (c === '-' && !s.afterOperand && startsNumber(s, 1)) return number(s, 1);
  if (WORD_START.test(c)) {
    if (STRING_PREFIX.test(c) && s.at(1) === "'") return quotedLiteral(s, "'", 1);
    return copy(s, WORD, true);
  }
  s.text(c, c === ')' || c === ']');
  s.i++;
  return undefined;
}

function startsNumber(s: Scanner, at: number): boolean {
  return DIGIT.test(s.at(at)) || (s.at(at) === '.' && DIGIT.test(s.at(at + 1)));
}

function copy(s: Scanner, chars: RegExp, operand: boolean | undefined): Problem {
  const start = s.i;
  while (s.i < s.sql.length && chars.test(s.at())) s.i++;
  s.text(s.sql.slice(start, s.i), operand);
  return undefined;
}

function startsComment(s: Scanner): boolean {
  const c = s.at();
  if (c === '/' && s.at(1) === '*') return true;
  if (c === '#') return s.dialect.mysql;
  // MySQL wants white space after '--' (so `1--1` subtracts); PostgreSQL does not.
  return (
    c === '-' && s.at(1) === '-' && (!s.dialect.mysql || SPACE.test(s.at(2)) || s.at(2) === '')
  );
}

function comment(s: Scanner): Problem {
  const start = s.i;
  if (s.at() === '/') {
    const end = s.sql.indexOf('*/', s.i + 2);
    if (end < 0) return 'unterminated comment';
    s.i = end + 2;
  } else {
    const end = s.sql.indexOf('\n', s.i);
    s.i = end < 0 ? s.sql.length : end;
  }
  s.text(s.sql.slice(start, s.i), undefined);
  return undefined;
}

/** A quoted string after `prefix` letters; doubled quotes and (MySQL, E'') backslashes escape. */
function quotedLiteral(s: Scanner, quote: string, prefix: number): Problem {
  const backslash = s.dialect.mysql || (prefix === 1 && s.at().toLowerCase() === 'e');
  s.i += prefix + 1;
  let value = '';
  while (s.i < s.sql.length) {
    const c = s.at();
    if (c === quote && s.at(1) === quote) {
      value += quote;
      s.i += 2;
    } else if (c === quote) {
      s.i++;
      s.literal(value);
      return undefined;
    } else if (c === '\\' && backslash && s.i + 1 < s.sql.length) {
      value += s.at(1);
      s.i += 2;
    } else {
      value += c;
      s.i++;
    }
  }
  return 'unterminated quoted string';
}

function quotedName(s: Scanner, quote: string): Problem {
  let end = s.i + 1;
  for (;;) {
    end = s.sql.indexOf(quote, end);
    if (end < 0) return 'unterminated quoted identifier';
    if (s.sql[end + 1] !== quote) break;
    end += 2;
  }
  s.text(s.sql.slice(s.i, end + 1), true);
  s.i = end + 1;
  return undefined;
}

function placeholder(s: Scanner, index: number, length: number): Problem {
  s.tokens.push({ kind: 'placeholder', index });
  s.afterOperand = true;
  s.i += length;
  return undefined;
}

/** PostgreSQL: `$1` binds a parameter; `$$...$$` and `$tag$...$tag$` quote a string. */
function dollar(s: Scanner): Problem {
  const digits = s.match(PARAM);
  if (digits !== null) return placeholder(s, Number(digits[1]), digits[0].length);
  const tag = s.match(DOLLAR_TAG);
  if (tag === null) {
    s.text('$', false);
    s.i++;
    return undefined;
  }
  const open = tag[0];
  const end = s.sql.indexOf(open, s.i + open.length);
  if (end < 0) return 'unterminated dollar-quoted string';
  s.literal(s.sql.slice(s.i + open.length, end));
  s.i = end + open.length;
  return undefined;
}

/** Decimal, float with exponent, or hexadecimal (0x1F); `sign` = 1 when a '-' leads. */
function number(s: Scanner, sign: number): Problem {
  const start = s.i;
  s.i += sign;
  const found = (s.dialect.mysql ? s.match(HEX) : null) ?? s.match(DECIMAL);
  s.i += (found?.[0] ?? '').length;
  s.literal(s.sql.slice(start, s.i));
  return undefined;
}
