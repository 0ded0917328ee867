import { useEffect, useState } from 'react';
import type { ResultTable } from '../pxl/exec/result.js';
import { PxlError } from '../pxl/errors.js';
import type { Script } from '../scripts/bundle.js';
import { PxError } from '../shared/errors.js';
import type { LiveSource, LiveStatus } from './live-source.js';
import { POLL_MS, runIsDue } from './refresh-policy.js';

export interface ScriptRuns {
  readonly results: readonly ResultTable[] | null;
  /** The last run's error, rendered (PxL errors with line, column and caret). */
  readonly error: string | null;
  readonly ranAt: Date | null;
  readonly tookMs: number;
  readonly status: LiveStatus;
}

export function describeError(error: unknown): string {
  if (error instanceof PxlError) return error.render();
  if (error instanceof PxError) {
    return error.hint === undefined ? error.message : `${error.message}\nhint: ${error.hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** One run: its results, or its error rendered for the view. */
async function attempt(
  source: LiveSource,
  script: Script | undefined,
  args: readonly string[],
): Promise<Pick<ScriptRuns, 'results' | 'error'>> {
  if (script === undefined) return { results: null, error: 'no such script' };
  try {
    return { results: await source.run(script, args), error: null };
  } catch (error) {
    return { results: null, error: describeError(error) };
  }
}

/**
 * Runs the script now, then again every `refreshMs` and sooner when rows arrive (see
 * refresh-policy.ts), unless paused; each run is on a fresh snapshot. A new script, new
 * arguments or a bumped `nonce` re-run at once. Errors replace the results until the next
 * good run, so a bad argument is seen and can be fixed in place.
 */
export function useScriptRuns(
  source: LiveSource,
  script: Script | undefined,
  args: readonly string[],
  schedule: { readonly refreshMs: number; readonly paused: boolean; readonly nonce: number },
): ScriptRuns {
  const [runs, setRuns] = useState<ScriptRuns>(() => ({
    results: null,
    error: null,
    ranAt: null,
    tookMs: 0,
    status: source.status(),
  }));
  const { refreshMs, paused, nonce } = schedule;
  useEffect(() => {
    let last = { endedAt: performance.now(), tookMs: 0, rowsSeen: -1 };
    // One run at a time (an agent answers asynchronously); none lands after the choice changed.
    let running = false;
    let cancelled = false;
    const runOnce = async (): Promise<void> => {
      running = true;
      const rowsSeen = source.rowsSeen();
      const started = performance.now();
      const outcome = await attempt(source, script, args);
      const endedAt = performance.now();
      last = { endedAt, tookMs: endedAt - started, rowsSeen };
      running = false;
      if (cancelled) return;
      setRuns({ ...outcome, ranAt: new Date(), tookMs: last.tookMs, status: source.status() });
    };
    const tick = (): void => {
      if (running) return;
      const due = runIsDue({
        sinceLastRunMs: performance.now() - last.endedAt,
        lastRunTookMs: last.tookMs,
        refreshMs,
        newRows: source.rowsSeen() !== last.rowsSeen,
      });
      if (due) void runOnce();
    };
    // Let the frame with the new choice paint before a (synchronous, local) query runs.
    const first = setTimeout(() => void runOnce(), 0);
    const poll = paused ? undefined : setInterval(tick, Math.min(POLL_MS, refreshMs));
    return () => {
      cancelled = true;
      clearTimeout(first);
      if (poll !== undefined) clearInterval(poll);
    };
  }, [source, script, args, refreshMs, paused, nonce]);
  return runs;
}
