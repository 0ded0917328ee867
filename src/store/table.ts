import { validateBatch, type RowBatch } from './batch.js';
import type { Chunk, SealedChunk } from './chunk.js';
import { OpenChunk } from './open-chunk.js';
import type { TableSchema } from './schema/types.js';

/** Rows per chunk: large enough to amortise per-chunk work, small enough to evict finely. */
export const DEFAULT_CHUNK_ROWS = 8192;
/** Chunks grow with their table up to this many rows. */
export const MAX_CHUNK_ROWS = 65_536;
/** A new chunk holds up to this share of the table's sealed rows (so eviction stays fine). */
const CHUNK_SHARE = 1 / 16;

export interface TableStats {
  readonly name: string;
  /** Rows held now. */
  readonly rows: number;
  /** Memory held now: typed arrays (allocated) plus approximate dictionary bytes. */
  readonly bytes: number;
  /** The dictionary (string payload) share of `bytes`. */
  readonly payloadBytes: number;
  readonly chunks: number;
  readonly appendedRows: number;
  readonly evictedRows: number;
  /** null while the table is empty. */
  readonly oldestTimeNs: bigint | null;
  readonly newestTimeNs: bigint | null;
}

/**
 * A consistent view of a table: chunks as they were when the snapshot was taken. Appends,
 * sealing and eviction after that never change what a snapshot reads.
 */
export interface TableSnapshot {
  readonly schema: TableSchema;
  readonly chunks: readonly Chunk[];
  readonly rowCount: number;
}

/** One table: sealed chunks oldest first, then the open chunk being appended to. */
export class Table {
  private sealed: SealedChunk[] = [];
  /** Allocated on first append, so an idle table costs nothing. */
  private open: OpenChunk | undefined;
  private sealedRows = 0;
  private sealedBytes = 0;
  private sealedPayloadBytes = 0;
  private appendedRows = 0;
  private evictedRows = 0;

  constructor(
    readonly schema: TableSchema,
    private readonly chunkRows = DEFAULT_CHUNK_ROWS,
  ) {}

  get bytes(): number {
    return this.sealedBytes + (this.open?.bytes ?? 0);
  }

  get rowCount(): number {
    return this.sealedRows + (this.open?.rowCount ?? 0);
  }

  get sealedChunkCount(): number {
    return this.sealed.length;
  }

  append(batch: RowBatch): void {
    validateBatch(this.schema, batch);
    let from = 0;
    while (from < batch.length) {
      const open = (this.open ??= new OpenChunk(this.schema, this.nextChunkRows()));
      from += open.append(batch, from);
      if (open.isFull || from < batch.length) this.sealOpenChunk();
    }
    this.appendedRows += batch.length;
  }

  /**
   * The next chunk's capacity: the minimum while the table is small, growing (in powers of
   * two) with the table. Per-chunk work (dictionaries, string functions once per distinct
   * value, group-by key lookups) repeats once per chunk, so a million-row table of 8192-row
   * chunks pays it 122 times; eviction still drops at most a sixteenth of the table.
   */
  private nextChunkRows(): number {
    const share = this.sealedRows * CHUNK_SHARE;
    let rows = this.chunkRows;
    while (rows * 2 <= Math.min(share, MAX_CHUNK_ROWS)) rows *= 2;
    return rows;
  }

  /** Closes the open chunk (if it has rows) so it can be compacted and later evicted. */
  sealOpenChunk(): void {
    if (this.open === undefined || this.open.rowCount === 0) return;
    const chunk = this.open.seal();
    this.sealed.push(chunk);
    this.sealedRows += chunk.rowCount;
    this.sealedBytes += chunk.bytes;
    this.sealedPayloadBytes += chunk.payloadBytes;
    this.open = undefined;
  }

  snapshot(): TableSnapshot {
    const chunks: Chunk[] = [...this.sealed];
    if (this.open !== undefined && this.open.rowCount > 0) chunks.push(this.open.view());
    return { schema: this.schema, chunks, rowCount: this.rowCount };
  }

  /** Drops the oldest sealed chunk; returns the rows dropped (0 when there is none). */
  evictOldest(): number {
    const chunk = this.sealed.shift();
    if (chunk === undefined) return 0;
    this.sealedRows -= chunk.rowCount;
    this.sealedBytes -= chunk.bytes;
    this.sealedPayloadBytes -= chunk.payloadBytes;
    this.evictedRows += chunk.rowCount;
    return chunk.rowCount;
  }

  /** Drops chunks whose newest row is older than `cutoffNs`; returns the rows dropped. */
  evictOlderThan(cutoffNs: bigint): number {
    const open = this.open?.view();
    if (open !== undefined && open.rowCount > 0 && open.maxTimeNs < cutoffNs) this.sealOpenChunk();
    let dropped = 0;
    while ((this.sealed[0]?.maxTimeNs ?? cutoffNs) < cutoffNs) dropped += this.evictOldest();
    return dropped;
  }

  stats(): TableStats {
    const chunks = this.snapshot().chunks;
    let oldest: bigint | null = null;
    let newest: bigint | null = null;
    for (const c of chunks) {
      if (oldest === null || c.minTimeNs < oldest) oldest = c.minTimeNs;
      if (newest === null || c.maxTimeNs > newest) newest = c.maxTimeNs;
    }
    return {
      name: this.schema.name,
      rows: this.rowCount,
      bytes: this.bytes,
      payloadBytes: this.sealedPayloadBytes + (this.open?.payloadBytes ?? 0),
      chunks: chunks.length,
      appendedRows: this.appendedRows,
      evictedRows: this.evictedRows,
      oldestTimeNs: oldest,
      newestTimeNs: newest,
    };
  }
}
