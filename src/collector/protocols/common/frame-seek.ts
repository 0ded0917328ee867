/** How sure a framer is that a frame starts at a position while it resynchronises. */
export type StartVerdict = 'proven' | 'plausible' | 'need-more' | 'no';

/**
 * Where to resume after garbage or a gap: the first position judged 'proven', or judged
 * 'plausible' with no earlier position still waiting for more bytes (a candidate that might
 * yet prove itself wins over a later plausible one). `discard` is how many bytes to drop:
 * up to the start found, or up to the first undecided position when none was found.
 */
export function seekFrameStart(
  length: number,
  verdictAt: (at: number) => StartVerdict,
): { discard: number; found: boolean } {
  let waitAt = -1;
  for (let i = 0; i < length; i++) {
    const verdict = verdictAt(i);
    if (verdict === 'need-more' && waitAt < 0) waitAt = i;
    if (verdict === 'no' || verdict === 'need-more') continue;
    if (verdict === 'plausible' && waitAt >= 0) break;
    return { discard: i, found: true };
  }
  return { discard: waitAt < 0 ? length : waitAt, found: false };
}
