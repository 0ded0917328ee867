import { BatchBuilder, TABLES, type CellValue, type RowBatch } from '../../store/index.js';
import type { ProtocolRecord } from '../protocols/common/types.js';
import { makeUpid } from '../proc/upid.js';
import type { ConnOpen, ProcessRef, StreamRole } from '../stream/types.js';

/** Where a record was observed: the canonical columns every protocol row starts with. */
export interface RecordOrigin {
  readonly open: Pick<ConnOpen, 'local' | 'remote' | 'process'>;
  readonly role: StreamRole;
  readonly encrypted: boolean;
}

/** The canonical columns `add` fills from the record's origin; they win over record values. */
const CANONICAL = [
  'time_',
  'upid',
  'remote_addr',
  'remote_port',
  'local_addr',
  'local_port',
  'trace_role',
  'encrypted',
] as const;
const CANONICAL_NAMES: ReadonlySet<string> = new Set(CANONICAL);

/** One table's builder, with where each column's cell comes from in `add`. */
interface TableRows {
  readonly builder: BatchBuilder;
  /** Per CANONICAL name: its column, or -1 when the table has none. */
  readonly canonicalColumns: readonly number[];
  /** Protocol columns by name; canonical names are left out, as their cells come from the origin. */
  readonly protocolColumns: ReadonlyMap<string, number>;
  /** The protocol columns' indices, for a record that leaves some of them out. */
  readonly protocolIndices: readonly number[];
  /** The keys of the last record, in its order, and the column of each (-1: not a column). */
  readonly keys: string[];
  readonly keyColumns: number[];
}

/**
 * Collects protocol records as rows of their tables, adding the canonical columns (time_, upid,
 * addresses, trace_role, encrypted), and hands them over as one RowBatch per table.
 */
export class RecordSink {
  private readonly tables = new Map<string, TableRows>();
  /** Scratch for one row's canonical cells, in CANONICAL order. */
  private readonly canonical: CellValue[] = [0n, 0n, '', 0, '', 0, 0, false];
  /** The upid of the last process seen: a connection's rows come in runs, one bigint per run. */
  private lastProcess: ProcessRef | undefined;
  private lastUpid = 0n;
  /** The table of the last row added, and its rows. */
  private lastTable = '';
  private lastRows: TableRows | undefined;

  add(record: ProtocolRecord, origin: RecordOrigin): void {
    const { local, remote, process } = origin.open;
    const canonical = this.canonical;
    canonical[0] = record.timeNs;
    canonical[1] = this.upidOf(process);
    canonical[2] = remote.addr;
    canonical[3] = remote.port;
    canonical[4] = local.addr;
    canonical[5] = local.port;
    canonical[6] = origin.role;
    canonical[7] = origin.encrypted;
    const rows = this.rowsOf(record.table);
    const { builder, canonicalColumns } = rows;
    // Cells go straight into the builder's columns: no array of cells filled and read again.
    const row = builder.startRow();
    for (let i = 0; i < canonicalColumns.length; i++) {
      const column = canonicalColumns[i] as number;
      if (column >= 0) builder.setCell(column, row, canonical[i]);
    }
    const written = this.setProtocolCells(rows, row, record.values);
    if (written < rows.protocolIndices.length) {
      // The record leaves some columns out: they get their zero values.
      for (const column of rows.protocolIndices) builder.setCell(column, row, undefined);
      this.setProtocolCells(rows, row, record.values);
    }
  }

  /**
   * Writes the record's values into their columns; returns how many columns it wrote.
   *
   * Reading values[name] for each column name would be a keyed load with a new key per column
   * at one site, which V8 handles as megamorphic. for-in over the record's own keys reads each
   * value by its field index instead; a parser builds every record of a table with the same
   * keys in the same order, so each key's column is found by comparing it with the previous
   * record's key at that position.
   */
  private setProtocolCells(rows: TableRows, row: number, values: ProtocolRecord['values']): number {
    const { builder, keys, keyColumns } = rows;
    let k = 0;
    let written = 0;
    for (const key in values) {
      if (keys[k] !== key) {
        keys[k] = key;
        keyColumns[k] = rows.protocolColumns.get(key) ?? -1;
      }
      const column = keyColumns[k] as number;
      if (column >= 0) {
        builder.setCell(column, row, values[key]);
        written++;
      }
      k++;
    }
    return written;
  }

  /** A row of any table, by column name (absent columns get their type's zero value). */
  addRow(table: string, row: Readonly<Record<string, CellValue>>): void {
    this.rowsOf(table).builder.push(row);
  }

  private upidOf(process: ProcessRef | undefined): bigint {
    if (process === undefined) return 0n;
    if (process !== this.lastProcess) {
      this.lastProcess = process;
      this.lastUpid = makeUpid(process.pid, process.startTicks);
    }
    return this.lastUpid;
  }

  get pendingRows(): number {
    let rows = 0;
    for (const t of this.tables.values()) rows += t.builder.length;
    return rows;
  }

  /** The rows collected since the last call, by table (tables without rows are left out). */
  take(): Map<string, RowBatch> {
    const batches = new Map<string, RowBatch>();
    for (const [table, { builder }] of this.tables) {
      if (builder.length > 0) batches.set(table, builder.take());
    }
    return batches;
  }

  private rowsOf(table: string): TableRows {
    // Records come in runs of one table (a connection speaks one protocol): skip the lookup.
    if (table === this.lastTable && this.lastRows !== undefined) return this.lastRows;
    let rows = this.tables.get(table);
    if (rows === undefined) {
      const schema = TABLES.get(table);
      if (schema === undefined) throw new Error(`no schema for ${table}`);
      const names = schema.columns.map((c) => c.name);
      const protocolIndices = names.flatMap((name, i) => (CANONICAL_NAMES.has(name) ? [] : [i]));
      rows = {
        builder: new BatchBuilder(schema),
        canonicalColumns: CANONICAL.map((name) => names.indexOf(name)),
        protocolColumns: new Map(protocolIndices.map((i) => [names[i] as string, i])),
        protocolIndices,
        keys: [],
        keyColumns: [],
      };
      this.tables.set(table, rows);
    }
    this.lastTable = table;
    this.lastRows = rows;
    return rows;
  }
}
