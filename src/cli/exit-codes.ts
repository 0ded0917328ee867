/** px exit codes, documented in `px --help` and the README. */
export const EXIT = {
  ok: 0,
  /** A script or runtime error. */
  runtime: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** No capture mode can work on this machine. */
  noCapture: 3,
} as const;

/** Commands record their outcome here; `run()` returns it as the process exit code. */
export interface RunStatus {
  exitCode: number;
}
