import type { RowBatch } from './batch.js';
import { StoreError } from './errors.js';
import { TABLES } from './schema/index.js';
import type { TableSchema } from './schema/types.js';
import { DEFAULT_CHUNK_ROWS, Table, type TableSnapshot, type TableStats } from './table.js';

export const DEFAULT_MAX_AGE_NS = 24n * 3600n * 1_000_000_000n;

/**
 * Each table's share of the memory budget, as in Pixie: http_events 40%, the rest split
 * evenly. A share is what a table keeps when all tables are busy; a quiet table's unused
 * share is lent to the busy ones, and the table furthest over its share gives back first.
 */
const HTTP_SHARE = 0.4;

export interface StoreOptions {
  /** Memory budget for all tables together, bytes. */
  readonly budgetBytes: number;
  /** Rows older than this (relative to `now`) are evicted. */
  readonly maxAgeNs?: bigint;
  /** The clock retention measures age against; capture files pass the end of the capture. */
  readonly now?: () => bigint;
  readonly chunkRows?: number;
  readonly schemas?: Iterable<TableSchema>;
}

export interface StoreStats {
  readonly budgetBytes: number;
  readonly bytes: number;
  readonly tables: readonly TableStats[];
}

export function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * All tables of one px process. Appends enforce the memory budget immediately; age-based
 * retention runs on `enforceRetention()`, which the collector calls on a timer.
 */
export class Store {
  private readonly tables = new Map<string, Table>();
  private readonly shares = new Map<string, number>();
  readonly budgetBytes: number;
  readonly maxAgeNs: bigint;
  private readonly now: () => bigint;
  private appended = 0;

  constructor(options: StoreOptions) {
    this.budgetBytes = options.budgetBytes;
    this.maxAgeNs = options.maxAgeNs ?? DEFAULT_MAX_AGE_NS;
    this.now = options.now ?? wallClockNs;
    const schemas = [...(options.schemas ?? TABLES.values())];
    const others = schemas.filter((s) => s.name !== 'http_events').length;
    for (const schema of schemas) {
      this.tables.set(schema.name, new Table(schema, options.chunkRows ?? DEFAULT_CHUNK_ROWS));
      const share =
        schema.name === 'http_events' ? HTTP_SHARE : (1 - HTTP_SHARE) / Math.max(others, 1);
      this.shares.set(schema.name, share);
    }
  }

  get bytes(): number {
    let total = 0;
    for (const t of this.tables.values()) total += t.bytes;
    return total;
  }

  schema(name: string): TableSchema | undefined {
    return this.tables.get(name)?.schema;
  }

  tableNames(): string[] {
    return [...this.tables.keys()];
  }

  append(tableName: string, batch: RowBatch): void {
    this.table(tableName).append(batch);
    this.appended += batch.length;
    this.enforceBudget();
  }

  /** Rows appended since the store was made: a live view re-runs its script when it moves. */
  get rowsAppended(): number {
    return this.appended;
  }

  snapshot(tableName: string): TableSnapshot {
    return this.table(tableName).snapshot();
  }

  /** Evicts chunks older than the retention age; returns the rows evicted. */
  enforceRetention(): number {
    const cutoff = this.now() - this.maxAgeNs;
    let dropped = 0;
    for (const t of this.tables.values()) dropped += t.evictOlderThan(cutoff);
    return dropped;
  }

  stats(): StoreStats {
    return {
      budgetBytes: this.budgetBytes,
      bytes: this.bytes,
      tables: [...this.tables.values()].map((t) => t.stats()),
    };
  }

  private table(name: string): Table {
    const table = this.tables.get(name);
    if (table === undefined) {
      throw new StoreError(`no table "${name}" (tables: ${this.tableNames().join(', ')})`);
    }
    return table;
  }

  private enforceBudget(): void {
    let total = this.bytes;
    while (total > this.budgetBytes) {
      const victim = this.mostOverShare();
      if (victim === undefined) return;
      if (victim.sealedChunkCount === 0) victim.sealOpenChunk();
      const before = victim.bytes;
      if (victim.evictOldest() === 0) return;
      total -= before - victim.bytes;
    }
  }

  /** The non-empty table using the most memory relative to its share. */
  private mostOverShare(): Table | undefined {
    let victim: Table | undefined;
    let worst = -Infinity;
    for (const t of this.tables.values()) {
      if (t.rowCount === 0) continue;
      const ratio = t.bytes / (this.shares.get(t.schema.name) ?? 1);
      if (ratio > worst) {
        worst = ratio;
        victim = t;
      }
    }
    return victim;
  }
}
