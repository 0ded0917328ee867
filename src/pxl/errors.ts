import { PxError } from '../shared/errors.js';
import type { Span } from './syntax/span.js';

/**
 * One problem found in a PxL script. Every stage (syntax, check, runtime) reports problems as
 * diagnostics so that several can be shown together, each pointing at its source range.
 */
export interface Diagnostic {
  /** Stable identifier for tests and tooling, e.g. `syntax.unclosed-bracket`. */
  readonly code: string;
  /** One sentence, lower case, with "expected …" wording where something is missing. */
  readonly message: string;
  readonly span: Span;
  /** What to do about it, shown on its own line under the excerpt. */
  readonly hint?: string;
}

/** The script a diagnostic points into, needed to show the offending line. */
export interface SourceFile {
  readonly name: string;
  readonly text: string;
}

/** A non-empty list of diagnostics: what an error carries. */
export type Diagnostics = readonly [Diagnostic, ...Diagnostic[]];

/** Narrows a collected list to `Diagnostics`, or undefined when nothing was found. */
export function asDiagnostics(list: readonly Diagnostic[]): Diagnostics | undefined {
  const [first, ...rest] = list;
  return first === undefined ? undefined : [first, ...rest];
}

/** The file name used when a script has none (read from stdin or given inline). */
export const DEFAULT_FILE_NAME = '<script>';

/**
 * Base of the PxL stage errors. It carries one or more diagnostics; `message`, `code` and
 * `hint` come from the first, and `render()` shows all of them with source excerpts.
 */
export abstract class PxlError extends PxError {
  override name = 'PxlError';
  readonly diagnostics: Diagnostics;
  readonly source: SourceFile | undefined;

  constructor(diagnostics: Diagnostic | Diagnostics, source?: SourceFile) {
    const list: Diagnostics = isDiagnosticList(diagnostics) ? diagnostics : [diagnostics];
    const first = list[0];
    super(formatHeader(first, source?.name ?? DEFAULT_FILE_NAME), first.code, first.hint);
    this.diagnostics = list;
    this.source = source;
  }

  /** The span of the first diagnostic. */
  get span(): Span {
    return this.diagnostics[0].span;
  }

  /** Every diagnostic with its source line and caret, or just the headers without source. */
  render(): string {
    if (this.source !== undefined) return renderDiagnostics(this.diagnostics, this.source);
    return this.diagnostics.map((d) => formatHeader(d, DEFAULT_FILE_NAME)).join('\n');
  }
}

/** The script is not valid PxL syntax. */
export class PxlSyntaxError extends PxlError {
  override name = 'PxlSyntaxError';
}

/** The script parses but uses names, columns, types or features PxL does not allow. */
export class PxlCheckError extends PxlError {
  override name = 'PxlCheckError';
}

/** The script failed while running (bad argument value, failing function). */
export class PxlRuntimeError extends PxlError {
  override name = 'PxlRuntimeError';
}

function isDiagnosticList(value: Diagnostic | Diagnostics): value is Diagnostics {
  return Array.isArray(value);
}

function formatHeader(d: Diagnostic, fileName: string): string {
  return `${fileName}:${d.span.start.line}:${d.span.start.col}: ${d.message}`;
}

const TAB_WIDTH = 4;

/**
 * Renders diagnostics the way compilers do:
 *
 * ```
 * script.pxl:3:16: '(' was never closed: expected ')' before the end of the script
 *  3 | df = df.groupby(['service'].agg(
 *    |                ^
 * hint: add the missing ')'
 * ```
 *
 * The caret sits under the start column; a span that stays on one line is underlined `^~~~`.
 * Several diagnostics are separated by a blank line.
 */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], source: SourceFile): string {
  const lines = source.text.split(/\r\n|\r|\n/);
  return diagnostics.map((d) => renderOne(d, source.name, lines)).join('\n\n');
}

function renderOne(d: Diagnostic, fileName: string, lines: readonly string[]): string {
  const { start, end } = d.span;
  const text = lines[start.line - 1] ?? '';
  const gutter = String(start.line);
  const blank = ' '.repeat(gutter.length);
  const startCol = start.col - 1;
  const endCol = end.line === start.line ? Math.max(end.col - 1, startCol + 1) : startCol + 1;
  const before = displayWidth(text.slice(0, startCol));
  const width = Math.max(1, displayWidth(text.slice(0, endCol)) - before);
  const out = [
    formatHeader(d, fileName),
    ` ${gutter} | ${displayLine(text)}`.trimEnd(),
    ` ${blank} | ${' '.repeat(before)}^${'~'.repeat(width - 1)}`,
  ];
  if (d.hint !== undefined) out.push(`hint: ${d.hint}`);
  return out.join('\n');
}

/**
 * Makes a source line safe and aligned for a terminal: tabs become spaces, and control or
 * bidirectional-override characters (which could rewrite the terminal or hide code) become
 * U+FFFD, one column each, so the caret still lines up.
 */
function displayLine(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\t') out += ' '.repeat(TAB_WIDTH - (displayWidth(out) % TAB_WIDTH));
    else out += isUnsafeForTerminal(ch) ? '\uFFFD' : ch;
  }
  return out;
}

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width = ch === '\t' ? (Math.floor(width / TAB_WIDTH) + 1) * TAB_WIDTH : width + 1;
  return width;
}

/**
 * Whether a character must not be echoed raw to a terminal: C0 and C1 controls, DEL, and the
 * bidirectional embedding, override and isolate characters.
 */
export function isUnsafeForTerminal(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}
