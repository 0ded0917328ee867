import { BatchBuilder, TABLES, type CellValue, type RowBatch } from '../../store/index.js';
import type { ProtocolRecord } from '../protocols/common/types.js';
import { makeUpid } from '../proc/upid.js';
import type { ConnOpen, StreamRole } from '../stream/types.js';

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
const CANONICAL_SLOT = new Map<string, number>(CANONICAL.map((name, i) => [name, i]));

/** One table's builder, with where each column's cell comes from in `add`. */
interface TableRows {
  readonly builder: BatchBuilder;
  readonly names: readonly string[];
  /** Per column: its index in CANONICAL, or -1 for a protocol column read from the record. */
  readonly slots: readonly number[];
  /** Reused for every row: the cells of the row being added. */
  readonly cells: (CellValue | undefined)[];
}

/**
 * Collects protocol records as rows of their tables, adding the canonical columns (time_, upid,
 * addresses, trace_role, encrypted), and hands them over as one RowBatch per table.
 */
export class RecordSink {
  private readonly tables = new Map<string, TableRows>();
  /** Scratch for one row's canonical cells, in CANONICAL order. */
  private readonly canonical: CellValue[] = [0n, 0n, '', 0, '', 0, 0, false];

  add(record: ProtocolRecord, origin: RecordOrigin): void {
    const { local, remote, process } = origin.open;
    const canonical = this.canonical;
    canonical[0] = record.timeNs;
    canonical[1] = process === undefined ? 0n : makeUpid(process.pid, process.startTicks);
    canonical[2] = remote.addr;
    canonical[3] = remote.port;
    canonical[4] = local.addr;
    canonical[5] = local.port;
    canonical[6] = origin.role;
    canonical[7] = origin.encrypted;
    const { builder, names, slots, cells } = this.rowsOf(record.table);
    const values = record.values;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      cells[i] = slot >= 0 ? canonical[slot] : values[names[i] as string];
    }
    builder.pushCells(cells);
  }

  /** A row of any table, by column name (absent columns get their type's zero value). */
  addRow(table: string, row: Readonly<Record<string, CellValue>>): void {
    this.rowsOf(table).builder.push(row);
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
    let rows = this.tables.get(table);
    if (rows === undefined) {
      const schema = TABLES.get(table);
      if (schema === undefined) throw new Error(`no schema for ${table}`);
      const names = schema.columns.map((c) => c.name);
      rows = {
        builder: new BatchBuilder(schema),
        names,
        slots: names.map((name) => CANONICAL_SLOT.get(name) ?? -1),
        cells: names.map(() => undefined),
      };
      this.tables.set(table, rows);
    }
    return rows;
  }
}
