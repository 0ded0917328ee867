/**
 * Fuzzy matching for the script picker: the query's characters must appear in order; matches
 * score higher when they are contiguous, start a word (after "/" or "_") or start the text.
 * Returns null when the query does not match.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  if (q === '') return 0;
  // Greedy matching from each place the first character occurs; the best alignment counts.
  let best: number | null = null;
  for (let start = t.indexOf(q[0] ?? ''); start >= 0; start = t.indexOf(q[0] ?? '', start + 1)) {
    const score = scoreFrom(q, t, start);
    if (score !== null && (best === null || score > best)) best = score;
  }
  return best === null ? null : best - t.length / 100; // shorter names win ties
}

function scoreFrom(q: string, t: string, start: number): number | null {
  let score = 0;
  let at = start;
  let previous = -2;
  for (const ch of q) {
    const found = t.indexOf(ch, at);
    if (found < 0) return null;
    score += 1;
    if (found === previous + 1) score += 3;
    if (found === 0 || '/_- '.includes(t[found - 1] ?? '')) score += 2;
    previous = found;
    at = found + 1;
  }
  return score;
}

/** Items that match, best first (stable for equal scores). */
export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, text(item)) }))
    .filter((m): m is { item: T; index: number; score: number } => m.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((m) => m.item);
}
