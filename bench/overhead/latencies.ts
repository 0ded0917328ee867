/** Request latencies in µs, kept in a preallocated array so recording costs no allocation. */
export class Latencies {
  private readonly values: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  record(us: number): void {
    if (this.count < this.values.length) this.values[this.count++] = us;
  }

  /** Nearest-rank percentile (`q` in 0..1); NaN when nothing was recorded. */
  percentiles(qs: readonly number[]): number[] {
    const sorted = this.values.slice(0, this.count).sort();
    return qs.map((q) => {
      if (sorted.length === 0) return Number.NaN;
      const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
      return sorted[rank - 1] ?? Number.NaN;
    });
  }
}
