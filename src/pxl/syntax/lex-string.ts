import { messages, type SyntaxMessage } from './messages.js';
import { isNewline, type Scanner } from './scanner.js';
import type { Position, Span } from './span.js';
import type { StringToken } from './tokens.js';

export type Report = (message: SyntaxMessage, span: Span) => void;

const PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

/** Whether an identifier just read is a string prefix (`r`, `b`, `f`, `rb`, ...). */
export function isStringPrefix(word: string): boolean {
  return PREFIXES.has(word.toLowerCase());
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Reads a string literal whose prefix (possibly empty) started at `start`; the scanner sits
 * on the opening quote. Problems are reported and the literal is still returned, so the
 * parser can go on: an unterminated single-quoted string ends at the end of its line.
 */
export function lexString(
  scanner: Scanner,
  prefix: string,
  start: Position,
  report: Report,
): StringToken {
  const flags = prefix.toLowerCase();
  const quote = scanner.peek();
  const closing = scanner.startsWith(quote.repeat(3)) ? quote.repeat(3) : quote;
  scanner.skip(closing.length);
  const openEnd = scanner.position();
  let value = '';
  for (;;) {
    const ch = scanner.peek();
    if (scanner.atEnd || (closing.length === 1 && isNewline(ch))) {
      const unterminated =
        closing.length === 1
          ? messages.unterminatedString(quote)
          : messages.unterminatedTripleString(closing);
      report(
        unterminated,
        closing.length === 1 ? scanner.spanFrom(start) : { start, end: openEnd },
      );
      break;
    }
    if (scanner.startsWith(closing)) {
      scanner.skip(closing.length);
      break;
    }
    if (ch === '\\')
      value += flags.includes('r') ? readRawPair(scanner) : readEscape(scanner, report);
    else value += isNewline(scanner.advance()) ? '\n' : ch;
  }
  const span = scanner.spanFrom(start);
  if (flags.includes('b')) report(messages.unsupportedStringPrefix(prefix, 'bytes literals'), span);
  if (flags.includes('f')) report(messages.unsupportedStringPrefix(prefix, 'f-strings'), span);
  return { kind: 'string', text: scanner.text.slice(start.offset, span.end.offset), value, span };
}

/** In a raw string a backslash keeps itself and protects the next character (even a quote). */
function readRawPair(scanner: Scanner): string {
  scanner.advance();
  if (scanner.atEnd) return '\\';
  const next = scanner.advance();
  return '\\' + (isNewline(next) ? '\n' : next);
}

function readEscape(scanner: Scanner, report: Report): string {
  const start = scanner.position();
  scanner.advance();
  const ch = scanner.peek();
  if (scanner.atEnd) return '\\';
  if (isNewline(ch)) {
    scanner.advance();
    return '';
  }
  const simple = SIMPLE_ESCAPES[ch];
  if (simple !== undefined) {
    scanner.skip(1);
    return simple;
  }
  if (/[0-7]/.test(ch)) {
    const digits = scanner.match(/[0-7]{1,3}/y) ?? ch;
    scanner.skip(digits.length);
    return String.fromCharCode(parseInt(digits, 8));
  }
  const hexLength = HEX_ESCAPES[ch];
  if (hexLength !== undefined) return readHexEscape(scanner, ch, hexLength, start, report);
  if (ch === 'N') {
    scanner.skip(1);
    const name = scanner.match(/\{[^}\n\r]*\}/y) ?? '';
    scanner.skip(name.length);
    report(
      messages.invalidEscape('\\N{…}', 'a \\u escape (named characters are not supported)'),
      scanner.spanFrom(start),
    );
    return '';
  }
  // Python keeps unknown escapes as written, which regex arguments ('\d+') rely on.
  scanner.skip(1);
  return '\\' + ch;
}

function readHexEscape(
  scanner: Scanner,
  letter: string,
  length: number,
  start: Position,
  report: Report,
): string {
  scanner.skip(1);
  const digits = scanner.match(new RegExp(`[0-9a-fA-F]{${length}}`, 'y'));
  const code = digits === undefined ? undefined : parseInt(digits, 16);
  if (digits === undefined || code === undefined || code > 0x10ffff) {
    const partial = scanner.match(new RegExp(`[0-9a-fA-F]{0,${length}}`, 'y')) ?? '';
    scanner.skip(partial.length);
    const expected = `${length} hex digits${letter === 'U' ? ' up to 0010FFFF' : ''}`;
    report(messages.invalidEscape(`\\${letter}`, expected), scanner.spanFrom(start));
    return '';
  }
  scanner.skip(digits.length);
  return String.fromCodePoint(code);
}
