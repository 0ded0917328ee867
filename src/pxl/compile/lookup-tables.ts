import {
  column,
  Table,
  type CellValue,
  type ColumnInput,
  type SemanticType,
  type TableSchema,
  type TableSnapshot,
} from '../../store/index.js';
import { cellValue, type ResultColumn, type ResultTable, type TableSource } from '../exec/index.js';
import type { MetadataProvider } from '../metadata.js';
import type { PlanNode } from '../plan/nodes.js';
import type { DataType, Field, ScalarValue } from '../plan/types.js';
import { udtfSchema, udtfSnapshot } from './udtf.js';

/** One value column of a lookup table, computed from the row's keys. */
export interface LookupValue {
  readonly name: string;
  readonly type: DataType;
  readonly semantic: SemanticType;
  compute(keys: readonly ScalarValue[], meta: MetadataProvider): ScalarValue;
}

/**
 * A table of metadata built while the query runs: `keysPlan` gives the distinct keys the
 * query will look up (its columns in order of `keys`), and each value is computed once per
 * key. The main plan joins it back, so the MetadataProvider is asked once per distinct key.
 */
export interface LookupSpec {
  readonly table: string;
  readonly keysPlan: PlanNode;
  readonly keys: readonly Field[];
  readonly values: readonly LookupValue[];
}

export function lookupSchema(spec: LookupSpec): TableSchema {
  const fields = [...spec.keys, ...spec.values];
  return {
    name: spec.table,
    description: 'Metadata looked up for a query.',
    columns: fields.map((f) => column(f.name, f.type, '', { semantic: f.semantic })),
  };
}

/**
 * The store's tables plus the query's lookup tables and the virtual tables of px.GetSchemas()
 * and friends (udtf.ts), none of which appear in table listings.
 */
export class LookupTables implements TableSource {
  private readonly schemas = new Map<string, TableSchema>();
  private readonly snapshots = new Map<string, TableSnapshot>();

  constructor(private readonly base: TableSource) {}

  add(spec: LookupSpec): void {
    this.schemas.set(spec.table, lookupSchema(spec));
  }

  fill(table: string, snapshot: TableSnapshot): void {
    this.snapshots.set(table, snapshot);
  }

  schema(table: string): TableSchema | undefined {
    return this.schemas.get(table) ?? udtfSchema(table) ?? this.base.schema(table);
  }

  snapshot(table: string): TableSnapshot {
    const known = this.snapshots.get(table);
    if (known !== undefined) return known;
    const schema = this.schemas.get(table);
    if (schema !== undefined) return { schema, chunks: [], rowCount: 0 };
    const virtual = udtfSnapshot(table, this.base);
    if (virtual === undefined) return this.base.snapshot(table);
    this.snapshots.set(table, virtual);
    return virtual;
  }

  tableNames(): string[] {
    return this.base.tableNames();
  }
}

/**
 * A store seen at one instant: each table's snapshot is taken once and reused, so the lookup
 * phase and the main query read the same rows while ingest goes on.
 */
export class PinnedTables implements TableSource {
  private readonly snapshots = new Map<string, TableSnapshot>();
  constructor(private readonly base: TableSource) {}

  schema(table: string): TableSchema | undefined {
    return this.base.schema(table);
  }

  snapshot(table: string): TableSnapshot {
    let snapshot = this.snapshots.get(table);
    if (snapshot === undefined) {
      snapshot = this.base.snapshot(table);
      this.snapshots.set(table, snapshot);
    }
    return snapshot;
  }

  tableNames(): string[] {
    return this.base.tableNames();
  }
}

/** Fills a lookup table from the distinct keys the query produced. */
export function buildLookupTable(
  spec: LookupSpec,
  keys: ResultTable,
  meta: MetadataProvider,
): TableSnapshot {
  const rows = keys.rowCount;
  const columns: Record<string, CellValue[]> = {};
  const keyValues = spec.keys.map((_, k) => {
    const values = Array.from({ length: rows }, (_, r) =>
      cellValue(keys.columns[k] as ResultColumn, r),
    );
    columns[(spec.keys[k] as Field).name] = values;
    return values;
  });
  for (const value of spec.values) {
    columns[value.name] = Array.from({ length: rows }, (_, r) =>
      value.compute(
        keyValues.map((v) => v[r] as ScalarValue),
        meta,
      ),
    );
  }
  const table = new Table(lookupSchema(spec), Math.max(rows, 1));
  table.append({ length: rows, columns: columns as Record<string, ColumnInput> });
  return table.snapshot();
}
