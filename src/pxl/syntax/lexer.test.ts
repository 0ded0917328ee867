import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';
import type { Token } from './tokens.js';

function show(token: Token): string {
  switch (token.kind) {
    case 'newline':
    case 'indent':
    case 'dedent':
    case 'eof':
      return token.kind.toUpperCase();
    case 'int':
    case 'float':
      return `${token.kind}:${String(token.value)}`;
    case 'string':
      return `str:${JSON.stringify(token.value)}`;
    case 'name':
    case 'keyword':
    case 'op':
      return token.text;
  }
}

function lex(source: string): string[] {
  const { tokens, diagnostics } = tokenize(source);
  expect(diagnostics).toEqual([]);
  return tokens.map(show);
}

function problems(source: string): string[] {
  return tokenize(source).diagnostics.map(
    (d) => `${d.span.start.line}:${d.span.start.col} ${d.code}: ${d.message}`,
  );
}

function strings(source: string): string[] {
  return tokenize(source).tokens.flatMap((t) => (t.kind === 'string' ? [t.value] : []));
}

describe('layout', () => {
  it('emits NEWLINE per logical line and INDENT/DEDENT around blocks', () => {
    expect(lex('def f(x):\n    if x:\n        return 1\n    return 2\ny = 3\n')).toEqual([
      ...['def', 'f', '(', 'x', ')', ':', 'NEWLINE'],
      ...['INDENT', 'if', 'x', ':', 'NEWLINE'],
      ...['INDENT', 'return', 'int:1', 'NEWLINE'],
      ...['DEDENT', 'return', 'int:2', 'NEWLINE'],
      ...['DEDENT', 'y', '=', 'int:3', 'NEWLINE', 'EOF'],
    ]);
  });

  it('closes open blocks and the last line at the end of input without a newline', () => {
    expect(lex('if a:\n  if b:\n    c')).toEqual([
      ...['if', 'a', ':', 'NEWLINE', 'INDENT', 'if', 'b', ':', 'NEWLINE'],
      ...['INDENT', 'c', 'NEWLINE', 'DEDENT', 'DEDENT', 'EOF'],
    ]);
  });

  it('ignores blank lines, comment lines and their indentation', () => {
    expect(lex('# head\n\nif a:\n\n      # odd comment\n  b  # tail\n   \n')).toEqual([
      ...['if', 'a', ':', 'NEWLINE', 'INDENT', 'b', 'NEWLINE', 'DEDENT', 'EOF'],
    ]);
  });

  it('joins lines inside brackets and after a backslash', () => {
    expect(lex('f(a,\n  b)[\n1\n]\nx = 1 + \\\n    2\n')).toEqual([
      ...['f', '(', 'a', ',', 'b', ')', '[', 'int:1', ']', 'NEWLINE'],
      ...['x', '=', 'int:1', '+', 'int:2', 'NEWLINE', 'EOF'],
    ]);
  });

  it('accepts tabs used consistently, and CRLF or CR line ends', () => {
    expect(lex('if a:\r\n\tb\r\n\tc\rd')).toEqual([
      ...['if', 'a', ':', 'NEWLINE', 'INDENT', 'b', 'NEWLINE', 'c', 'NEWLINE'],
      ...['DEDENT', 'd', 'NEWLINE', 'EOF'],
    ]);
  });

  it('skips a byte-order mark at the start', () => {
    expect(lex('\uFEFFimport px\n')).toEqual(['import', 'px', 'NEWLINE', 'EOF']);
  });

  it('gives an empty source just EOF', () => {
    expect(lex('')).toEqual(['EOF']);
    expect(lex('\n  \n# only a comment')).toEqual(['EOF']);
  });

  it('reports a dedent to a level that was never opened', () => {
    expect(problems('if a:\n    b\n  c\n')).toEqual([
      '3:1 syntax.inconsistent-dedent: unindent does not match any outer indentation level: this line has 2 columns of indentation, expected 0 or 4',
    ]);
  });

  it('reports ambiguous mixes of tabs and spaces', () => {
    expect(problems('if a:\n        b\n\tc\n')).toEqual([
      '3:1 syntax.bad-indent: inconsistent use of tabs and spaces in indentation',
    ]);
  });

  it('limits nesting', () => {
    const deep = Array.from({ length: 102 }, (_, i) => `${' '.repeat(i)}if a:\n`).join('');
    expect(problems(deep)).toContain('102:1 syntax.too-deep: blocks nested too deeply');
    expect(problems('('.repeat(201))[0]).toBe('1:201 syntax.too-deep: brackets nested too deeply');
  });
});

describe('strings', () => {
  it('reads every quote form', () => {
    expect(strings(`'a' "b" '''c\n'd'''  """e"f"""`)).toEqual(['a', 'b', "c\n'd", 'e"f']);
  });

  it('resolves escapes and keeps unknown ones as written', () => {
    expect(strings(String.raw`'\n\t\\\'\"\x41\u00e9\U0001F600\101\0' '\d+\.'`)).toEqual([
      '\n\t\\\'"Aé😀A\0',
      '\\d+\\.',
    ]);
    expect(strings("'a\\\nb'")).toEqual(['ab']);
  });

  it('keeps backslashes in raw strings, which still cannot end on a quote', () => {
    expect(strings(String.raw`r'\d+\'x' R"\n"`)).toEqual([String.raw`\d+\'x`, String.raw`\n`]);
  });

  it('accepts u prefixes and rejects bytes and f-strings', () => {
    expect(strings(`u'x' U"y"`)).toEqual(['x', 'y']);
    expect(problems(`b'x' rb'y' f'{z}'`)).toEqual([
      '1:1 syntax.unsupported: bytes literals are not supported in PxL',
      '1:6 syntax.unsupported: bytes literals are not supported in PxL',
      '1:12 syntax.unsupported: f-strings are not supported in PxL',
    ]);
  });

  it('ends an unterminated string at the end of its line and goes on', () => {
    const { tokens, diagnostics } = tokenize("a = 'abc\nb = 1\n");
    expect(diagnostics.map((d) => d.code)).toEqual(['syntax.unterminated-string']);
    expect(tokens.map(show)).toEqual([
      ...['a', '=', 'str:"abc"', 'NEWLINE', 'b', '=', 'int:1', 'NEWLINE', 'EOF'],
    ]);
  });

  it('reports bad escapes', () => {
    expect(problems(String.raw`'\x4' '\u12' '\U00110000' '\N{DASH}'`)).toEqual([
      '1:2 syntax.invalid-escape: invalid escape \\x in string: expected 2 hex digits',
      '1:8 syntax.invalid-escape: invalid escape \\u in string: expected 4 hex digits',
      '1:15 syntax.invalid-escape: invalid escape \\U in string: expected 8 hex digits up to 0010FFFF',
      '1:28 syntax.invalid-escape: invalid escape \\N{…} in string: expected a \\u escape (named characters are not supported)',
    ]);
  });
});

describe('numbers', () => {
  it('reads ints with underscores, hex, octal and binary as bigint', () => {
    expect(lex('0 7 1_000_000 0xFF 0o17 0b1010 0_0 18446744073709551615')).toEqual([
      ...['int:0', 'int:7', 'int:1000000', 'int:255', 'int:15', 'int:10', 'int:0'],
      ...['int:18446744073709551615', 'NEWLINE', 'EOF'],
    ]);
  });

  it('reads floats in every Python form', () => {
    expect(lex('1.5 .5 1. 1e9 1E-3 2.5e+2 1_0.0_1 007.5')).toEqual([
      ...['float:1.5', 'float:0.5', 'float:1', 'float:1000000000', 'float:0.001'],
      ...['float:250', 'float:10.01', 'float:7.5', 'NEWLINE', 'EOF'],
    ]);
  });

  it('tells numbers from attribute dots and slices', () => {
    expect(lex('x[1:2].a')).toEqual([
      'x',
      '[',
      'int:1',
      ':',
      'int:2',
      ']',
      '.',
      'a',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('rejects malformed literals whole', () => {
    expect(problems('12abc 1_ 0x 1e 3j 0777 18446744073709551616')).toEqual([
      "1:1 syntax.invalid-number: invalid number literal '12abc'",
      "1:7 syntax.invalid-number: invalid number literal '1_'",
      "1:10 syntax.invalid-number: invalid number literal '0x'",
      "1:13 syntax.invalid-number: invalid number literal '1e'",
      "1:16 syntax.invalid-number: invalid number literal '3j'",
      "1:19 syntax.invalid-number: invalid number literal '0777'",
      '1:24 syntax.invalid-number: integer literal is too large: PxL integers are 64-bit',
    ]);
  });
});

describe('names, keywords and operators', () => {
  it('tells keywords from names and takes the longest operator', () => {
    const { tokens } = tokenize('not_a not a**=b//c->d!=e<<=f...g:=h');
    expect(tokens.map((t) => `${t.kind}:${t.text}`).slice(0, -2)).toEqual([
      ...['name:not_a', 'keyword:not', 'name:a', 'op:**=', 'name:b', 'op://', 'name:c'],
      ...['op:->', 'name:d', 'op:!=', 'name:e', 'op:<<=', 'name:f', 'op:...', 'name:g'],
      ...['op::=', 'name:h'],
    ]);
  });

  it('accepts Unicode identifiers', () => {
    expect(lex('café = 𝑥')).toEqual(['café', '=', '𝑥', 'NEWLINE', 'EOF']);
  });

  it('reports stray characters, escaping the invisible ones', () => {
    expect(problems('a $ b ? c ! d \u00a0 \u0007 \u202e 𝄞')).toEqual([
      "1:3 syntax.stray-character: unexpected character '$'",
      "1:7 syntax.stray-character: unexpected character '?'",
      "1:11 syntax.stray-character: unexpected character '!'",
      "1:15 syntax.stray-character: unexpected character '\u00a0' (U+00A0)",
      '1:17 syntax.stray-character: unexpected character U+0007',
      '1:19 syntax.stray-character: unexpected character U+202E',
      "1:21 syntax.stray-character: unexpected character '𝄞' (U+1D11E)",
    ]);
  });

  it('reports a backslash that does not end its line', () => {
    expect(problems('a = \\ b\nc = \\')).toEqual([
      "1:5 syntax.stray-character: unexpected character after line continuation '\\': expected end of line",
      "2:5 syntax.unexpected-end: unexpected end of the script after line continuation '\\': expected another line",
    ]);
  });

  it('reports brackets that do not pair up', () => {
    expect(problems('a)\nb = [1, 2)\nc = {(1]')).toEqual([
      "1:2 syntax.unclosed-bracket: unmatched ')': there is no open bracket to close",
      "2:10 syntax.unclosed-bracket: closing ')' does not match '[' on line 2: expected ']'",
      "3:8 syntax.unclosed-bracket: closing ']' does not match '(' on line 3: expected ')'",
    ]);
    // An unclosed bracket with a problem after it is taken as explained by that problem.
    expect(problems('c = {(1\n')).toEqual([
      "1:6 syntax.unclosed-bracket: '(' was never closed: expected ')' before the end of the script",
    ]);
  });

  it('caps the number of diagnostics', () => {
    expect(problems('$'.repeat(1000))).toHaveLength(20);
  });
});

describe('positions', () => {
  it('gives 1-based lines and columns and 0-based offsets, end exclusive', () => {
    const { tokens } = tokenize("x = 1\n  \ny = 'ab\\\ncd'");
    const y = tokens.find((t) => t.text === 'y');
    const str = tokens.find((t) => t.kind === 'string');
    expect(y?.span).toEqual({
      start: { line: 3, col: 1, offset: 9 },
      end: { line: 3, col: 2, offset: 10 },
    });
    expect(str?.span).toEqual({
      start: { line: 3, col: 5, offset: 13 },
      end: { line: 4, col: 4, offset: 21 },
    });
  });
});
