import type { Report } from './lex-string.js';
import { messages } from './messages.js';
import type { Scanner } from './scanner.js';
import type { FloatToken, IntToken } from './tokens.js';

// Python's numeric literal grammar, underscores allowed between digits.
const DIGITS = String.raw`\d(?:_?\d)*`;
const EXPONENT = String.raw`[eE][+-]?${DIGITS}`;
const PREFIXED_INT = /0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/y;
const FLOAT = new RegExp(
  String.raw`(?:${DIGITS}\.(?:${DIGITS})?|\.${DIGITS})(?:${EXPONENT})?|${DIGITS}${EXPONENT}`,
  'y',
);
const DECIMAL_INT = new RegExp(DIGITS, 'y');
/** What a malformed literal runs on to, so the whole of `12abc` or `0x` is underlined. */
const TRAILING = /[\p{ID_Continue}.]*/uy;

const MAX_U64 = (1n << 64n) - 1n;

/**
 * Reads a number at the scanner (a digit, or '.' followed by a digit). Malformed literals are
 * reported and read as 0 so parsing can continue.
 */
export function lexNumber(scanner: Scanner, report: Report): IntToken | FloatToken {
  const start = scanner.position();
  const prefixed = scanner.match(PREFIXED_INT);
  const float = prefixed === undefined ? scanner.match(FLOAT) : undefined;
  const text = prefixed ?? float ?? scanner.match(DECIMAL_INT) ?? '';
  scanner.skip(text.length);
  const rest = scanner.match(TRAILING) ?? '';
  if (rest !== '') {
    scanner.skip(rest.length);
    const hint = /^[jJ]$/.test(rest) ? 'complex numbers are not supported in PxL' : undefined;
    report(messages.invalidNumber(text + rest, hint), scanner.spanFrom(start));
    return { kind: 'int', text: text + rest, value: 0n, span: scanner.spanFrom(start) };
  }
  const span = scanner.spanFrom(start);
  if (float !== undefined) {
    return { kind: 'float', text, value: Number(text.replaceAll('_', '')), span };
  }
  if (prefixed === undefined && /^0+[1-9]/.test(text.replaceAll('_', ''))) {
    const hint = `leading zeros are not allowed; write 0o${text.replace(/^[0_]+/, '')} for an octal number`;
    report(messages.invalidNumber(text, hint), span);
    return { kind: 'int', text, value: 0n, span };
  }
  const value = intValue(text, () => {
    report(messages.integerTooLarge(), span);
  });
  return { kind: 'int', text, value, span };
}

function intValue(text: string, tooLarge: () => void): bigint {
  const clean = text.replaceAll('_', '');
  const radix = /^0[xXoObB]/.test(clean) ? clean.slice(0, 2) : '';
  // A bound on the digit count keeps BigInt parsing of hostile input cheap.
  const digits = clean.slice(radix.length).replace(/^0+(?=.)/, '');
  const value = digits.length <= 64 ? BigInt(radix + digits) : MAX_U64 + 1n;
  if (value <= MAX_U64) return value;
  tooLarge();
  return 0n;
}
