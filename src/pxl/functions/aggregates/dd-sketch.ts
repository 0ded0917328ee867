/**
 * DDSketch (Masson, Rim, Lee: "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019). Values fall in logarithmic buckets
 * (gamma^(i-1), gamma^i]; any quantile it returns is within RELATIVE_ACCURACY of the true
 * value of that rank, and merging two sketches is exact (bucket counts add), so partial
 * results from chunks or nodes combine without extra error. Chosen over t-digest for that
 * guarantee and for lossless merges.
 */
export const RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);
/** Bucket i's representative value, relative to gamma^i: within ±alpha of every value in it. */
const REPRESENTATIVE = 2 / (1 + GAMMA);
/**
 * Buckets kept per sign: 2048 cover a ratio of 6e17 between the smallest and largest
 * magnitude (1 ns to 19 years). Beyond that the smallest buckets are merged, which keeps the
 * upper quantiles accurate.
 */
export const MAX_BUCKETS = 2048;
const MIN_GROWTH = 32;

/** Counts per bucket index in one contiguous array, grown on demand. */
class BucketStore {
  counts = new Float64Array(0);
  /** Bucket index of counts[0]. */
  offset = 0;
  total = 0;
  /** Once the lowest buckets are merged, indices below `offset` count in counts[0]. */
  private collapsed = false;

  add(index: number, weight: number): void {
    if (this.counts.length === 0) this.allocate(index, index, index);
    else if (index < this.offset || index >= this.offset + this.counts.length) this.extend(index);
    const slot = Math.max(0, index - this.offset);
    this.counts[slot] = (this.counts[slot] as number) + weight;
    this.total += weight;
  }

  merge(other: BucketStore): void {
    for (let i = 0; i < other.counts.length; i++) {
      const count = other.counts[i] as number;
      if (count > 0) this.add(other.offset + i, count);
    }
  }

  private extend(index: number): void {
    if (index < this.offset && this.collapsed) return;
    const low = Math.min(this.offset, index);
    const high = Math.max(this.offset + this.counts.length - 1, index);
    this.allocate(low, high, index);
  }

  /** Reallocates to cover [low, high] with room to grow toward `toward`. */
  private allocate(low: number, high: number, toward: number): void {
    const needed = high - low + 1;
    const length = Math.min(
      MAX_BUCKETS,
      Math.max(needed, Math.ceil(this.counts.length * 1.5), MIN_GROWTH),
    );
    let offset = toward <= low ? high - length + 1 : low;
    if (this.counts.length === 0) offset = toward - (length >> 1);
    if (needed > MAX_BUCKETS) {
      offset = high - length + 1;
      this.collapsed = true;
    }
    const counts = new Float64Array(length);
    for (let i = 0; i < this.counts.length; i++) {
      const count = this.counts[i] as number;
      if (count === 0) continue;
      const slot = Math.max(0, this.offset + i - offset);
      counts[slot] = (counts[slot] as number) + count;
    }
    this.counts = counts;
    this.offset = offset;
  }
}

export class DDSketch {
  private readonly positive = new BucketStore();
  /** Negative values by the bucket of their magnitude. */
  private readonly negative = new BucketStore();
  private zeros = 0;
  private min = Infinity;
  private max = -Infinity;

  get count(): number {
    return this.positive.total + this.negative.total + this.zeros;
  }

  /** Adds a value (NaN is ignored). */
  add(value: number, weight = 1): void {
    if (value > 0) this.positive.add(bucketIndex(value), weight);
    else if (value < 0) this.negative.add(bucketIndex(-value), weight);
    else if (value === 0) this.zeros += weight;
    else return;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  merge(other: DDSketch): void {
    this.positive.merge(other.positive);
    this.negative.merge(other.negative);
    this.zeros += other.zeros;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /**
   * The q-quantile interpolated linearly between ranks floor(q(n-1)) and the next, each
   * within the relative accuracy; NaN when empty.
   */
  quantile(q: number): number {
    const count = this.count;
    if (count === 0) return NaN;
    const rank = q * (count - 1);
    const low = Math.floor(rank);
    const below = this.valueAtRank(low);
    if (rank === low || low + 1 >= count) return below;
    return below + (this.valueAtRank(low + 1) - below) * (rank - low);
  }

  /** The estimated value of the rank-th smallest value (0-based). */
  private valueAtRank(rank: number): number {
    let seen = 0;
    const neg = this.negative;
    for (let i = neg.counts.length - 1; i >= 0; i--) {
      seen += neg.counts[i] as number;
      if (seen > rank) return this.clamp(-bucketValue(neg.offset + i));
    }
    seen += this.zeros;
    if (seen > rank) return 0;
    const pos = this.positive;
    for (let i = 0; i < pos.counts.length; i++) {
      seen += pos.counts[i] as number;
      if (seen > rank) return this.clamp(bucketValue(pos.offset + i));
    }
    return this.max;
  }

  /** Exact extremes are known, so estimates never step outside them. */
  private clamp(value: number): number {
    return Math.min(this.max, Math.max(this.min, value));
  }
}

function bucketIndex(magnitude: number): number {
  return Math.ceil(Math.log(magnitude) / LOG_GAMMA);
}

function bucketValue(index: number): number {
  return Math.exp(index * LOG_GAMMA) * REPRESENTATIVE;
}
