import { PxlCheckError, PxlRuntimeError, type Diagnostic } from '../errors.js';
import type { Span } from '../syntax/span.js';

/**
 * Where a problem is reported when the plan carries no source position (plans built by hand,
 * in tests and benchmarks): the start of the script.
 */
const SCRIPT_START: Span = {
  start: { line: 1, col: 1, offset: 0 },
  end: { line: 1, col: 1, offset: 0 },
};

function diagnostic(code: string, message: string, span?: Span, hint?: string): Diagnostic {
  return { code, message, span: span ?? SCRIPT_START, ...(hint === undefined ? {} : { hint }) };
}

/** A plan that cannot run: unknown column, wrong type, bad function arguments. */
export function checkError(
  code: string,
  message: string,
  span?: Span,
  hint?: string,
): PxlCheckError {
  return new PxlCheckError(diagnostic(`check.${code}`, message, span, hint));
}

/** A query that failed while running: budget, deadline, bad values. */
export function runtimeError(
  code: string,
  message: string,
  span?: Span,
  hint?: string,
): PxlRuntimeError {
  return new PxlRuntimeError(diagnostic(`runtime.${code}`, message, span, hint));
}
