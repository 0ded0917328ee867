/**
 * The base of every error px reports to a user: a message, a stable `code` for tests and
 * scripts, and a `hint` saying what to do next. The CLI prints message and hint, and maps
 * the class to an exit code; stacks appear only with --debug.
 */
export class PxError extends Error {
  override name = 'PxError';
  constructor(
    message: string,
    readonly code: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
