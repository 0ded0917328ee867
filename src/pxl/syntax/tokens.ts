import { isUnsafeForTerminal } from '../errors.js';
import type { Span } from './span.js';

/** Python's reserved words. PxL supports only some of them; the parser names the others. */
export const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/** Operators and delimiters, longest first so the lexer can take the first that matches. */
export const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '**',
  '//',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '->',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  ':=',
  '+',
  '-',
  '*',
  '/',
  '%',
  '@',
  '&',
  '|',
  '^',
  '~',
  '<',
  '>',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '=',
] as const;

interface TokenBase {
  /** The token's source text (empty for newline, indent, dedent and eof). */
  readonly text: string;
  readonly span: Span;
}

export interface TextToken extends TokenBase {
  readonly kind: 'name' | 'keyword' | 'op';
}
export interface IntToken extends TokenBase {
  readonly kind: 'int';
  readonly value: bigint;
}
export interface FloatToken extends TokenBase {
  readonly kind: 'float';
  readonly value: number;
}
export interface StringToken extends TokenBase {
  readonly kind: 'string';
  /** The decoded text, escapes resolved. */
  readonly value: string;
}
/** Layout tokens: end of a logical line, start and end of an indented block, end of input. */
export interface LayoutToken extends TokenBase {
  readonly kind: 'newline' | 'indent' | 'dedent' | 'eof';
}

export type Token = TextToken | IntToken | FloatToken | StringToken | LayoutToken;
export type TokenKind = Token['kind'];

const MAX_SHOWN = 24;

/** How a token is named in messages: `name 'df'`, `')'`, `end of line`. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'name':
      return `name '${token.text}'`;
    case 'keyword':
      return `keyword '${token.text}'`;
    case 'op':
      return `'${token.text}'`;
    case 'int':
    case 'float':
      return `number ${clip(token.text)}`;
    case 'string':
      return `string ${quoteForMessage(token.value)}`;
    case 'newline':
      return 'end of line';
    case 'indent':
      return 'an indented line';
    case 'dedent':
      return 'the end of the indented block';
    case 'eof':
      return 'the end of the script';
  }
}

/** Quotes text for a message, escaping what a terminal must not see and clipping long text. */
function quoteForMessage(text: string): string {
  let out = '';
  for (const ch of clip(text)) out += isUnsafeForTerminal(ch) || ch === "'" ? escapeChar(ch) : ch;
  return `'${out}'`;
}

function clip(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** `\n`, `\t`, `\x1b`, `\u202e`: the escape a Python reader would recognise. */
function escapeChar(ch: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', "'": "\\'" };
  const known = named[ch];
  if (known !== undefined) return known;
  const code = ch.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}
