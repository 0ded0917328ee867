/**
 * The growth check: the same (mutated) input fed to one parser over and over. A parser whose
 * caps work stops growing: what it holds after twice the input is what it held before, give
 * or take. A parser that keeps something per message without a cap holds about twice as much.
 * Queues capped by a count fill slowly with small messages, so a parser still growing at
 * 8 MiB gets up to 32 MiB to level off.
 */
import { check } from './checks.js';

/** The first comparison: what is held at half this against what is held at this. */
export const SOAK_BYTES = 8 * 1024 * 1024;
const MAX_SOAK_BYTES = 4 * SOAK_BYTES;

/** Growth below this (or a tenth of what was held before) is noise, not a leak. */
const SLACK_BYTES = 64 * 1024;

/**
 * Calls `round` (which feeds the input once more and returns the bytes it fed) until the held
 * bytes level off between two checkpoints (each twice the input of the one before), or fails
 * once MAX_SOAK_BYTES went in. `held` measures what the parser holds. Returns what it held last.
 */
export function soak(what: string, round: (n: number) => number, held: () => number): number {
  let fed = 0;
  let checkpoint = SOAK_BYTES / 2;
  let before: number | undefined;
  for (let n = 0; ; n++) {
    const bytes = round(n);
    if (bytes === 0) return held();
    fed += bytes;
    if (fed < checkpoint) continue;
    const now = held();
    if (before !== undefined && now <= before + Math.max(SLACK_BYTES, before / 10)) return now;
    const previous = before;
    check(
      previous === undefined || checkpoint < MAX_SOAK_BYTES,
      () =>
        `${what} held ${previous} bytes at ${checkpoint / 2} fed, then ${now} at ${fed}: it keeps growing`,
    );
    before = now;
    checkpoint *= 2;
  }
}
