/**
 * Every syntax error text in one place, so wording stays consistent and the fixtures under
 * fixtures/errors/ pin it. A message is one lower-case sentence that says what was expected;
 * the hint says what to do.
 */
export interface SyntaxMessage {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

const NO_LOOPS =
  'PxL works on whole DataFrames: filter rows with df[df.col > x] and add columns with df.col = expr';

/** Hints for statements PxL leaves out, keyed by their keyword. */
const UNSUPPORTED_STATEMENTS: Record<string, readonly [string, string]> = {
  for: ["'for' loops are not supported in PxL", NO_LOOPS],
  while: ["'while' loops are not supported in PxL", NO_LOOPS],
  break: ["'break' is not supported in PxL (there are no loops)", NO_LOOPS],
  continue: ["'continue' is not supported in PxL (there are no loops)", NO_LOOPS],
  class: ["'class' definitions are not supported in PxL", 'use functions (def) and DataFrames'],
  try: ["'try' statements are not supported in PxL", 'PxL has no exceptions'],
  raise: ["'raise' is not supported in PxL", 'PxL has no exceptions'],
  with: ["'with' statements are not supported in PxL", 'PxL scripts do not open resources'],
  del: ["'del' is not supported in PxL", "remove a column with df = df.drop('col')"],
  global: ["'global' is not supported in PxL", 'pass values to functions as arguments'],
  nonlocal: ["'nonlocal' is not supported in PxL", 'pass values to functions as arguments'],
  assert: ["'assert' is not supported in PxL", 'filter rows with df[condition] instead'],
  async: ["'async' is not supported in PxL", 'PxL functions run synchronously'],
  await: ["'await' is not supported in PxL", 'PxL functions run synchronously'],
  yield: ["'yield' is not supported in PxL", 'return a DataFrame or a list of DataFrames'],
};

export const messages = {
  strayCharacter: (shown: string, hint?: string): SyntaxMessage => ({
    code: 'syntax.stray-character',
    message: `unexpected character ${shown}`,
    ...(hint === undefined ? {} : { hint }),
  }),
  continuationNotAtEnd: (): SyntaxMessage => ({
    code: 'syntax.stray-character',
    message: "unexpected character after line continuation '\\': expected end of line",
    hint: "a '\\' that joins lines must be the last character on its line",
  }),
  continuationAtEnd: (): SyntaxMessage => ({
    code: 'syntax.unexpected-end',
    message: "unexpected end of the script after line continuation '\\': expected another line",
  }),
  unterminatedString: (quote: string): SyntaxMessage => ({
    code: 'syntax.unterminated-string',
    message: `unterminated string: expected ${quote} before the end of the line`,
    hint: `close the string on the same line, or use ${quote.repeat(3)} for text that spans lines`,
  }),
  unterminatedTripleString: (quotes: string): SyntaxMessage => ({
    code: 'syntax.unterminated-string',
    message: `unterminated triple-quoted string: expected ${quotes} before the end of the script`,
    hint: `add the closing ${quotes}`,
  }),
  unsupportedStringPrefix: (prefix: string, what: string): SyntaxMessage => ({
    code: 'syntax.unsupported',
    message: `${what} are not supported in PxL`,
    hint: `remove the '${prefix}' prefix; build text with '+' and px functions`,
  }),
  invalidEscape: (escape: string, expected: string): SyntaxMessage => ({
    code: 'syntax.invalid-escape',
    message: `invalid escape ${escape} in string: expected ${expected}`,
    hint: "write '\\\\' for a literal backslash, or use a raw string r'...'",
  }),
  invalidNumber: (text: string, hint?: string): SyntaxMessage => ({
    code: 'syntax.invalid-number',
    message: `invalid number literal '${text}'`,
    ...(hint === undefined ? {} : { hint }),
  }),
  integerTooLarge: (): SyntaxMessage => ({
    code: 'syntax.invalid-number',
    message: 'integer literal is too large: PxL integers are 64-bit',
  }),
  unclosedBracket: (open: string): SyntaxMessage => ({
    code: 'syntax.unclosed-bracket',
    message: `'${open}' was never closed: expected '${CLOSER[open] ?? ''}' before the end of the script`,
    hint: `add the missing '${CLOSER[open] ?? ''}'; until it is closed, the lines below are read as part of this expression`,
  }),
  mismatchedBracket: (close: string, open: string, line: number): SyntaxMessage => ({
    code: 'syntax.unclosed-bracket',
    message: `closing '${close}' does not match '${open}' on line ${line}: expected '${CLOSER[open] ?? ''}'`,
    hint: `close the '${open}' with '${CLOSER[open] ?? ''}' first`,
  }),
  unmatchedBracket: (close: string): SyntaxMessage => ({
    code: 'syntax.unclosed-bracket',
    message: `unmatched '${close}': there is no open bracket to close`,
    hint: `remove it, or add the opening bracket it was meant to close`,
  }),
  tooDeep: (what: string): SyntaxMessage => ({
    code: 'syntax.too-deep',
    message: `${what} nested too deeply`,
    hint: 'split the expression into smaller assignments',
  }),
  treeTooDeep: (limit: number): SyntaxMessage => ({
    code: 'syntax.too-deep',
    message: `nested too deeply: more than ${limit} levels of operators, calls or elif branches`,
    hint: 'split the expression into smaller assignments',
  }),
  unexpectedIndent: (): SyntaxMessage => ({
    code: 'syntax.bad-indent',
    message: 'unexpected indent: this line is indented more than the block it is in',
    hint: "only the body of a 'def' or 'if' (after a line ending in ':') is indented",
  }),
  inconsistentDedent: (width: number, levels: readonly number[]): SyntaxMessage => ({
    code: 'syntax.inconsistent-dedent',
    message: `unindent does not match any outer indentation level: this line has ${width} columns of indentation, expected ${orList(levels.map(String))}`,
    hint: 'line it up with the block it belongs to',
  }),
  tabsAndSpaces: (): SyntaxMessage => ({
    code: 'syntax.bad-indent',
    message: 'inconsistent use of tabs and spaces in indentation',
    hint: 'indent with spaces only',
  }),
  expectedIndentedBlock: (header: string, line: number): SyntaxMessage => ({
    code: 'syntax.expected-indent',
    message: `expected an indented block after '${header}' on line ${line}`,
    hint: `indent the body of the '${header}' (4 spaces is usual), or write 'pass' for an empty one`,
  }),
  expected: (expected: string, found: string, hint?: string): SyntaxMessage => ({
    code: 'syntax.expected',
    message: `expected ${expected}, found ${found}`,
    ...(hint === undefined ? {} : { hint }),
  }),
  unsupportedStatement: (keyword: string): SyntaxMessage => {
    const [message, hint] = UNSUPPORTED_STATEMENTS[keyword] ?? [
      `'${keyword}' is not supported in PxL`,
      'PxL supports assignments, expressions, def, if/elif/else, return, pass and import px',
    ];
    return { code: 'syntax.unsupported', message, hint };
  },
  unsupported: (feature: string, hint: string): SyntaxMessage => ({
    code: 'syntax.unsupported',
    message: `${feature} not supported in PxL`,
    hint,
  }),
  danglingClause: (keyword: string, opener: string): SyntaxMessage => ({
    code: 'syntax.expected',
    message: `'${keyword}' without a matching '${opener}': expected a statement`,
    hint: `'${keyword}' must follow an '${opener}' block at the same indentation`,
  }),
  invalidTarget: (what: string, hint: string): SyntaxMessage => ({
    code: 'syntax.invalid-target',
    message: `cannot assign to ${what}`,
    hint,
  }),
  positionalAfterKeyword: (): SyntaxMessage => ({
    code: 'syntax.argument-order',
    message: 'positional argument follows keyword argument',
    hint: 'put positional arguments before name=value arguments',
  }),
  repeatedKeyword: (name: string): SyntaxMessage => ({
    code: 'syntax.repeated-argument',
    message: `keyword argument '${name}' repeated`,
  }),
  repeatedParameter: (name: string): SyntaxMessage => ({
    code: 'syntax.repeated-argument',
    message: `duplicate parameter '${name}' in function definition`,
  }),
  defaultOrder: (): SyntaxMessage => ({
    code: 'syntax.argument-order',
    message: 'parameter without a default follows parameter with a default',
    hint: 'put parameters with defaults last',
  }),
};

/** "0", "0 or 4", "0, 4 or 8". */
function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}
