import type { Vector } from './vector.js';

/** A column of a batch: a vector, or a function that computes it the first time it is read. */
export type ColumnSource = Vector | (() => Vector);

/**
 * Rows flowing between operators, column by column. Columns are computed lazily: a filter
 * gathers only the columns later operators read, and projection never copies.
 */
export class Batch {
  private readonly columns: ColumnSource[];

  constructor(
    readonly length: number,
    sources: readonly ColumnSource[],
  ) {
    this.columns = [...sources];
  }

  get width(): number {
    return this.columns.length;
  }

  column(index: number): Vector {
    const source = this.columns[index];
    if (source === undefined) throw new RangeError(`batch has no column ${index}`);
    if (typeof source !== 'function') return source;
    const vector = source();
    this.columns[index] = vector;
    return vector;
  }

  /** The column as a lazy source, for building derived batches without forcing it. */
  source(index: number): ColumnSource {
    const source = this.columns[index];
    if (source === undefined) throw new RangeError(`batch has no column ${index}`);
    return typeof source === 'function' ? () => this.column(index) : source;
  }
}
