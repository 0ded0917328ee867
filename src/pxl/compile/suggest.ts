/**
 * "Did you mean ...?": the candidate closest to a mistyped name, by edit distance
 * (insertions, deletions, substitutions and swaps of neighbours), case-insensitive.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(wanted, candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== undefined && isPrefixMatch(wanted, best.toLowerCase())) return best;
  return bestDistance <= limit ? best : undefined;
}

/** `req_pat` for `req_path`: a long enough prefix is a likely match even past the limit. */
function isPrefixMatch(a: string, b: string): boolean {
  return a.length >= 4 && (b.startsWith(a) || a.startsWith(b));
}

/** Optimal string alignment distance. */
export function distance(a: string, b: string): number {
  if (a === b) return 0;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Uint16Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (d[(i - 2) * cols + j - 2] as number) + 1);
      }
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1] as number;
}

/** A list for a hint, cut after `max` names. */
export function listNames(names: readonly string[], max = 40): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}, ...` : names.join(', ');
}
