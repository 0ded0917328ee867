/**
 * When `px live` re-runs its script. The refresh period bounds how stale the view gets while
 * nothing arrives (time windows still slide); new rows bring the run forward, so a request
 * shows within about half a second rather than up to a whole period later. The gap after a
 * run grows with the run's cost, so a heavy script over a big window cannot take over the CPU
 * (nor the keyboard: queries run on the UI thread).
 */

/** How often the view looks for new rows. */
export const POLL_MS = 100;
/** Shortest gap between runs that new rows can bring forward. */
export const MIN_DATA_GAP_MS = 400;
/** A data-driven run waits at least this many times the last run's duration. */
export const COST_FACTOR = 2;

export interface RefreshClock {
  /** Since the last run ended. */
  readonly sinceLastRunMs: number;
  readonly lastRunTookMs: number;
  readonly refreshMs: number;
  /** Whether rows arrived since the last run started. */
  readonly newRows: boolean;
}

export function runIsDue(clock: RefreshClock): boolean {
  if (clock.sinceLastRunMs >= Math.max(clock.refreshMs, clock.lastRunTookMs)) return true;
  if (!clock.newRows) return false;
  return clock.sinceLastRunMs >= Math.max(MIN_DATA_GAP_MS, COST_FACTOR * clock.lastRunTookMs);
}
