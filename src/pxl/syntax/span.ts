/**
 * A point in a PxL source. `line` and `col` are 1-based; `col` counts UTF-16 code units from
 * the start of the line, as JavaScript strings and most editors do. `offset` is the 0-based
 * index into the source string.
 */
export interface Position {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
}

/** A half-open source range: `end` is the position just after the last character. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** The span that starts where `first` starts and ends where `last` ends. */
export function joinSpans(first: Span, last: Span): Span {
  return { start: first.start, end: last.end };
}

/** A zero-width span at `at`, for "something is missing here" diagnostics. */
export function pointSpan(at: Position): Span {
  return { start: at, end: at };
}

/** The source text a span covers. */
export function spanText(source: string, span: Span): string {
  return source.slice(span.start.offset, span.end.offset);
}
