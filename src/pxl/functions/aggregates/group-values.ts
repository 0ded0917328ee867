import { ensureCapacity } from './grow.js';

/** Values per segment; a group's values are a chain of segments. */
const SEGMENT = 16;
const SEGMENT_SHIFT = 4;
const SEGMENT_MASK = SEGMENT - 1;
/** Segments per block: blocks of 1M values (8 MB) are allocated as the values grow. */
const BLOCK_SHIFT = 16;
const BLOCK_MASK = (1 << BLOCK_SHIFT) - 1;

/**
 * Every group's values, appended in arrival order into shared 8 MB blocks: a group owns a
 * chain of 16-value segments. Adding a row touches two small per-group arrays and one slot,
 * with no per-group objects or arrays (a group-by can have millions of groups) and no
 * copying as groups grow.
 *
 * Blocks are plain arrays of doubles rather than Float64Arrays on purpose: V8 answers every
 * ~64 MB of new typed-array (external) memory with a full collection, which costs ~200 ms
 * when the store holds millions of strings; on-heap double arrays do not trigger that.
 */
export class GroupValues {
  private blocks: number[][] = [];
  private nextSegment = new Int32Array(0);
  private firstSegment = new Int32Array(0);
  private lastSegment = new Int32Array(0);
  private counts = new Int32Array(0);
  private segments = 0;
  private scratch = new Float64Array(0);
  total = 0;

  /** Makes room for groups [0, groupCount). */
  init(groupCount: number): void {
    this.firstSegment = ensureCapacity(this.firstSegment, groupCount, -1);
    this.lastSegment = ensureCapacity(this.lastSegment, groupCount);
    this.counts = ensureCapacity(this.counts, groupCount);
  }

  count(g: number): number {
    return this.counts[g] ?? 0;
  }

  /** Appends values[i] to group groupIds[i] for each i < rows, skipping NaN (it has no rank). */
  addAll(groupIds: Int32Array, values: ArrayLike<number>, rows: number): void {
    const counts = this.counts;
    let added = 0;
    for (let i = 0; i < rows; i++) {
      const v = values[i] as number;
      if (v !== v) continue;
      const g = groupIds[i] as number;
      const n = counts[g] as number;
      const segment =
        (n & SEGMENT_MASK) === 0 ? this.newSegment(g) : (this.lastSegment[g] as number);
      const block = this.blocks[segment >> BLOCK_SHIFT] as number[];
      block[((segment & BLOCK_MASK) << SEGMENT_SHIFT) + (n & SEGMENT_MASK)] = v;
      counts[g] = n + 1;
      added++;
    }
    this.total += added;
  }

  /** Group g's values in ascending order (a view of shared scratch: valid until the next call). */
  ascending(g: number): Float64Array {
    const n = this.count(g);
    if (this.scratch.length < n)
      this.scratch = new Float64Array(Math.max(n, this.scratch.length * 2));
    const values = this.scratch.subarray(0, n);
    let segment = this.firstSegment[g] as number;
    for (let at = 0; at < n; at += SEGMENT) {
      const block = this.blocks[segment >> BLOCK_SHIFT] as number[];
      const start = (segment & BLOCK_MASK) << SEGMENT_SHIFT;
      const length = Math.min(SEGMENT, n - at);
      for (let k = 0; k < length; k++) values[at + k] = block[start + k] as number;
      segment = this.nextSegment[segment] as number;
    }
    return values.sort();
  }

  private newSegment(g: number): number {
    const segment = this.segments++;
    if (segment >> BLOCK_SHIFT >= this.blocks.length) {
      // Filled with a fraction so the array holds unboxed doubles from the start.
      this.blocks.push(new Array<number>(SEGMENT << BLOCK_SHIFT).fill(0.5));
    }
    this.nextSegment = ensureCapacity(this.nextSegment, this.segments, -1);
    if (this.firstSegment[g] === -1) this.firstSegment[g] = segment;
    else this.nextSegment[this.lastSegment[g] as number] = segment;
    this.lastSegment[g] = segment;
    return segment;
  }
}
