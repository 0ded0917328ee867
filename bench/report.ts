/** Small helpers every benchmark uses to time work and print comparable lines. */

export interface Measurement {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
}

export function nowMs(): number {
  return performance.now();
}

/** Runs `fn` and returns milliseconds spent. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function formatNumber(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return value.toFixed(value < 10 ? 2 : 1);
}

export function printHeader(title: string, detail: string): void {
  console.log(`\n== ${title}`);
  console.log(`   ${detail}`);
}

export function printRows(rows: readonly Measurement[]): void {
  const width = Math.max(...rows.map((r) => r.label.length));
  for (const r of rows)
    console.log(`   ${r.label.padEnd(width)}  ${formatNumber(r.value)} ${r.unit}`);
}

/** "px is 3.2x faster than duckdb" style line; `higherIsBetter` picks the direction. */
export function printRatio(
  ours: number,
  theirs: number,
  peer: string,
  what: string,
  higherIsBetter = true,
): void {
  const ratio = higherIsBetter ? ours / theirs : theirs / ours;
  console.log(
    `   ratio px/${peer} (${what}): ${ratio.toFixed(2)}x ${ratio >= 1 ? 'better' : 'worse'}`,
  );
}

/** Collects garbage when node runs with --expose-gc (npm run bench does). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}
