import {
  PxlCheckError,
  PxlError,
  PxlRuntimeError,
  PxlSyntaxError,
  type Diagnostics,
  type SourceFile,
} from '../pxl/errors.js';
import { PxError } from '../shared/errors.js';

/**
 * An error raised in the agent, as JSON, so the terminal reports it exactly as a local run
 * would: PxL errors keep their diagnostics and source (line, column, caret), px errors their
 * code (hence the exit status) and hint.
 */
export type WireError =
  | {
      readonly kind: 'syntax' | 'check' | 'runtime';
      readonly diagnostics: Diagnostics;
      readonly source?: SourceFile;
    }
  | { readonly kind: 'px'; readonly message: string; readonly code: string; readonly hint?: string }
  | { readonly kind: 'internal'; readonly message: string };

export function encodeError(error: unknown): WireError {
  if (error instanceof PxlError) {
    const kind =
      error instanceof PxlSyntaxError
        ? 'syntax'
        : error instanceof PxlCheckError
          ? 'check'
          : 'runtime';
    return {
      kind,
      diagnostics: error.diagnostics,
      ...(error.source === undefined ? {} : { source: error.source }),
    };
  }
  if (error instanceof PxError) {
    return {
      kind: 'px',
      message: error.message,
      code: error.code,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function decodeError(wire: WireError): Error {
  switch (wire.kind) {
    case 'syntax':
      return new PxlSyntaxError(wire.diagnostics, wire.source);
    case 'check':
      return new PxlCheckError(wire.diagnostics, wire.source);
    case 'runtime':
      return new PxlRuntimeError(wire.diagnostics, wire.source);
    case 'px':
      return new PxError(wire.message, wire.code, wire.hint);
    case 'internal':
      return new Error(`in the px agent: ${wire.message}`);
  }
}
