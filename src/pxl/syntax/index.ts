export type * from './ast.js';
export { docstringOf } from './ast.js';
export { parsePxl, parsePxlExpression, parsePxlOrThrow, type ParseResult } from './parse.js';
export { joinSpans, pointSpan, spanText, type Position, type Span } from './span.js';
export { tokenize, type LexResult } from './lexer.js';
export type { Token, TokenKind } from './tokens.js';
export { allNodes, childNodes } from './walk.js';
export { toSexpr } from './sexpr.js';
