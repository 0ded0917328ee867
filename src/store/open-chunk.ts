import { createColumnBuilder, type ColumnBuilder } from './column/builders.js';
import { columnArrayBytes, type TimeChunk } from './column/column-chunk.js';
import type { Chunk, SealedChunk } from './chunk.js';
import type { RowBatch } from './batch.js';
import type { TableSchema } from './schema/types.js';

/** The chunk a table is appending to: fixed capacity, readable through views while it fills. */
export class OpenChunk {
  private readonly builders: ColumnBuilder[];
  /** The first TIME64NS column: its range is the chunk's time range. */
  private readonly timeIndex: number;
  /** Every TIME64NS column; each must keep its offsets within range of its own base. */
  private readonly timeIndices: number[];
  private rows = 0;
  private minOffset = Infinity;
  private maxOffset = -Infinity;

  constructor(
    private readonly schema: TableSchema,
    readonly capacity: number,
  ) {
    this.builders = schema.columns.map((c) => createColumnBuilder(c.type, capacity));
    this.timeIndices = schema.columns.flatMap((c, i) => (c.type === 'TIME64NS' ? [i] : []));
    this.timeIndex = this.timeIndices[0] ?? -1;
  }

  get rowCount(): number {
    return this.rows;
  }

  get isFull(): boolean {
    return this.rows === this.capacity;
  }

  get bytes(): number {
    let total = 0;
    for (const b of this.builders) total += b.arrayBytes + b.payloadBytes;
    return total;
  }

  get payloadBytes(): number {
    let total = 0;
    for (const b of this.builders) total += b.payloadBytes;
    return total;
  }

  /**
   * Takes as many rows of batch[from...] as fit; returns how many it took. It takes fewer than
   * offered when the chunk fills or a time, in any time column, lies too far from that
   * column's first time. (An empty chunk always takes the first row: its offsets are 0.)
   */
  append(batch: RowBatch, from: number): number {
    const columns = this.schema.columns;
    let count = Math.min(this.capacity - this.rows, batch.length - from);
    // Each time column may cut the count further; offsets a column wrote past the final count
    // lie beyond the rows and are overwritten by the next append.
    for (const i of this.timeIndices) {
      const spec = columns[i];
      const input = spec === undefined ? undefined : batch.columns[spec.name];
      if (input !== undefined) count = this.builders[i]?.append(input, from, count, this.rows) ?? 0;
    }
    if (this.timeIndex >= 0) this.trackTimes(count);
    columns.forEach((spec, i) => {
      if (spec.type === 'TIME64NS') return;
      const input = batch.columns[spec.name];
      if (input !== undefined) this.builders[i]?.append(input, from, count, this.rows);
    });
    this.rows += count;
    return count;
  }

  /** The rows so far, shared with the builders (no copy). */
  view(): Chunk {
    const rowCount = this.rows;
    return this.withTimes(
      rowCount,
      this.builders.map((b) => b.view(rowCount)),
    );
  }

  seal(): SealedChunk {
    const rowCount = this.rows;
    const columns = this.builders.map((b) => b.seal(rowCount));
    let bytes = 0;
    let payloadBytes = 0;
    columns.forEach((c, i) => {
      bytes += columnArrayBytes(c);
      payloadBytes += this.builders[i]?.payloadBytes ?? 0;
    });
    return { ...this.withTimes(rowCount, columns), bytes: bytes + payloadBytes, payloadBytes };
  }

  private trackTimes(count: number): void {
    const lane = (this.builders[this.timeIndex]?.view(this.rows + count) as TimeChunk).lane;
    if (typeof lane === 'number') return;
    for (let i = this.rows; i < this.rows + count; i++) {
      const offset = lane[i] as number;
      if (offset < this.minOffset) this.minOffset = offset;
      if (offset > this.maxOffset) this.maxOffset = offset;
    }
  }

  private withTimes(rowCount: number, columns: Chunk['columns']): Chunk {
    const time = this.timeIndex >= 0 ? (columns[this.timeIndex] as TimeChunk) : undefined;
    if (time === undefined || rowCount === 0) {
      return { rowCount, columns, minTimeNs: 0n, maxTimeNs: 0n };
    }
    return {
      rowCount,
      columns,
      minTimeNs: time.baseNs + BigInt(this.minOffset),
      maxTimeNs: time.baseNs + BigInt(this.maxOffset),
    };
  }
}
