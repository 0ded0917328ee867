/** Text forms of raw IP addresses: dotted quad for IPv4, RFC 5952 for IPv6. */

/** Dotted-quad text of 4 bytes. */
export function formatIPv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

/** RFC 5952 text of 16 bytes: lower-case hex, the longest run (>= 2) of zero groups as "::". */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  const [runStart, runLength] = longestZeroRun(groups);
  const hex = groups.map((group) => group.toString(16));
  if (runLength < 2) return hex.join(':');
  const head = hex.slice(0, runStart).join(':');
  const tail = hex.slice(runStart + runLength).join(':');
  return `${head}::${tail}`;
}

/** [start, length] of the first longest run of zero groups. */
function longestZeroRun(groups: readonly number[]): [number, number] {
  let best: [number, number] = [0, 0];
  let start = -1;
  groups.forEach((group, index) => {
    if (group === 0) {
      if (start < 0) start = index;
      const length = index - start + 1;
      if (length > best[1]) best = [start, length];
    } else {
      start = -1;
    }
  });
  return best;
}
