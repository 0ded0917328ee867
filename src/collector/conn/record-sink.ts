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

/**
 * Collects protocol records as rows of their tables, adding the canonical columns (time_, upid,
 * addresses, trace_role, encrypted), and hands them over as one RowBatch per table.
 */
export class RecordSink {
  private readonly builders = new Map<string, BatchBuilder>();

  add(record: ProtocolRecord, origin: RecordOrigin): void {
    const { local, remote, process } = origin.open;
    this.addRow(record.table, {
      ...record.values,
      time_: record.timeNs,
      upid: process === undefined ? 0n : makeUpid(process.pid, process.startTicks),
      remote_addr: remote.addr,
      remote_port: remote.port,
      local_addr: local.addr,
      local_port: local.port,
      trace_role: origin.role,
      encrypted: origin.encrypted,
    });
  }

  /** A row of any table, by column name (absent columns get their type's zero value). */
  addRow(table: string, row: Readonly<Record<string, CellValue>>): void {
    let builder = this.builders.get(table);
    if (builder === undefined) {
      const schema = TABLES.get(table);
      if (schema === undefined) throw new Error(`no schema for ${table}`);
      builder = new BatchBuilder(schema);
      this.builders.set(table, builder);
    }
    builder.push(row);
  }

  get pendingRows(): number {
    let rows = 0;
    for (const b of this.builders.values()) rows += b.length;
    return rows;
  }

  /** The rows collected since the last call, by table (tables without rows are left out). */
  take(): Map<string, RowBatch> {
    const batches = new Map<string, RowBatch>();
    for (const [table, builder] of this.builders) {
      if (builder.length > 0) batches.set(table, builder.take());
    }
    return batches;
  }
}
