/** One bin: values from `start` up to `end` (the last bin also holds `end` itself). */
export interface Bin {
  readonly start: number;
  readonly end: number;
  /** Rows in the bin, or the sum of their weights. */
  readonly count: number;
}

export interface BinOptions {
  /** At most this many bins (at least one). */
  readonly maxbins: number;
  /** Bins are never narrower than this; 0 for no limit. */
  readonly minstep: number;
  /** Integer data: bins at least 1 wide, so no bin falls between two integers. */
  readonly integer: boolean;
  /** Values are starts of bins someone already made: bins are never narrower than their gaps. */
  readonly prebinned: boolean;
}

/** Slack for ratios like 0.3 / 0.1 = 2.9999999999999996. */
const EPSILON = 1e-9;
const MAX_WIDENINGS = 100;

/**
 * Bins weighted values into equal-width bins whose width is a "nice" 1, 2 or 5 × 10^k (or
 * minstep, when larger) and whose first edge is a multiple of the width, as Vega's bin
 * transform does for Pixie's charts. Pairs with a non-finite value or weight are skipped.
 * Pre-binned rows are re-binned by their start when the bins must be wider.
 */
export function binSamples(
  values: readonly number[],
  weights: readonly number[],
  options: BinOptions,
): Bin[] {
  const samples = values.flatMap((value, i) => {
    const weight = weights[i] ?? Number.NaN;
    return Number.isFinite(value) && Number.isFinite(weight) ? [{ value, weight }] : [];
  });
  const first = samples[0];
  if (first === undefined) return [];
  let lo = first.value;
  let hi = first.value;
  for (const { value } of samples) {
    lo = Math.min(lo, value);
    hi = Math.max(hi, value);
  }
  const gap = options.prebinned ? smallestGap(samples.map((s) => s.value)) : undefined;
  const top = hi + (gap ?? 0);
  const { start, step, count } = binGrid(lo, top, options, gap ?? 0);
  const counts = new Array<number>(count).fill(0);
  for (const { value, weight } of samples) {
    // NaN (an infinite span) counts in the first bin rather than nowhere.
    const offset = Math.floor((value - start) / step + EPSILON) || 0;
    const index = Math.min(count - 1, Math.max(0, offset));
    counts[index] = (counts[index] ?? 0) + weight;
  }
  return counts.map((n, i) => ({
    start: clean(start + i * step),
    end: clean(start + (i + 1) * step),
    count: n,
  }));
}

function binGrid(
  lo: number,
  top: number,
  options: BinOptions,
  gap: number,
): { start: number; step: number; count: number } {
  const maxbins = Math.max(1, Math.floor(options.maxbins) || 1);
  const span = top - lo;
  // One distinct value still gets a bin of a sensible width around it.
  const base = span > 0 ? span / maxbins : Math.abs(lo) / 10 || 1;
  let step = Math.max(niceStep(base), options.minstep, options.integer ? 1 : 0, gap);
  // Each pass widens the bins at least 1.5×; extreme ranges (or maxbins 1 around zero, which
  // aligned edges can never cover in one bin) end in a single bin from `lo`.
  for (let pass = 0; pass < MAX_WIDENINGS && step > 0 && Number.isFinite(step); pass++) {
    const aligned = Math.floor(lo / step + EPSILON) * step;
    // The slack may round a tiny negative `lo` up to 0: the first bin must still hold it.
    const start = aligned > lo ? aligned - step : aligned;
    const fitted = Math.max(1, Math.ceil((top - start) / step - EPSILON));
    // ...and the slack must not drop the last value off the end either.
    const count = start + fitted * step < top ? fitted + 1 : fitted;
    // A first edge below `lo` can cost one bin more than maxbins: widen the bins then.
    if (count <= maxbins) return { start, step, count };
    step = niceStep(step * 1.5);
  }
  return { start: lo, step: span > 0 ? span : 1, count: 1 };
}

/** The smallest 1, 2 or 5 × 10^k not below `x` (> 0); `x` itself beyond float range. */
export function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  if (!(power > 0 && Number.isFinite(power))) return x;
  const multiple = [1, 2, 5].find((m) => m * power >= x * (1 - EPSILON)) ?? 10;
  return clean(multiple * power);
}

function smallestGap(values: readonly number[]): number | undefined {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  let gap: number | undefined;
  for (let i = 1; i < sorted.length; i++) {
    const d = (sorted[i] ?? 0) - (sorted[i - 1] ?? 0);
    if (gap === undefined || d < gap) gap = d;
  }
  return gap;
}

/** Drops float noise from edges such as 0.30000000000000004. */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}
