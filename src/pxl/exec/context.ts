import type { TableSchema, TableSnapshot } from '../../store/index.js';
import type { EvalContext } from '../functions/types.js';
import { runtimeError } from '../plan/diagnostics.js';
import type { Span } from '../syntax/span.js';

/** Where queries read tables from: the Store satisfies it. */
export interface TableSource {
  schema(table: string): TableSchema | undefined;
  snapshot(table: string): TableSnapshot;
  tableNames(): string[];
}

export interface ExecOptions {
  /** `px.now()` and the reference for relative times; the wall clock by default. */
  readonly nowNs?: bigint;
  /**
   * Most rows the query may hold at once in blocking operators (groups, join build side,
   * sort and union buffers) and in its results together.
   */
  readonly maxRows?: number;
  /** Wall-clock budget for the whole query. */
  readonly timeoutMs?: number;
  /** Milliseconds clock for the deadline (performance.now by default; tests inject one). */
  readonly clockMs?: () => number;
}

export const DEFAULT_MAX_ROWS = 2_000_000;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Per-query state: the clock, one snapshot per table, the row budget and the deadline. */
export class ExecContext implements EvalContext {
  readonly nowNs: bigint;
  readonly maxRows: number;
  private readonly timeoutMs: number;
  private readonly clockMs: () => number;
  private readonly deadline: number;
  private readonly snapshots = new Map<string, TableSnapshot>();
  private heldRows = 0;

  constructor(
    readonly tables: TableSource,
    options: ExecOptions = {},
  ) {
    this.nowNs = options.nowNs ?? BigInt(Date.now()) * 1_000_000n;
    this.maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.clockMs = options.clockMs ?? (() => performance.now());
    this.deadline = this.clockMs() + this.timeoutMs;
  }

  /** The table as of the first time this query read it: every scan sees the same rows. */
  snapshot(table: string): TableSnapshot {
    let snapshot = this.snapshots.get(table);
    if (snapshot === undefined) {
      snapshot = this.tables.snapshot(table);
      this.snapshots.set(table, snapshot);
    }
    return snapshot;
  }

  /** Throws once the query has run past its time limit; operators call it per batch. */
  checkDeadline(span?: Span): void {
    if (this.clockMs() > this.deadline) {
      throw runtimeError(
        'deadline',
        `the query ran longer than its ${this.timeoutMs} ms limit`,
        span,
        'narrow start_time, filter earlier, or raise the timeout',
      );
    }
  }

  /** Accounts for `rows` more rows held in memory by `what`; throws past the budget. */
  holdRows(rows: number, what: string, span?: Span): void {
    this.heldRows += rows;
    if (this.heldRows > this.maxRows) {
      throw runtimeError(
        'row-budget',
        `the query holds more than ${this.maxRows} rows (${what})`,
        span,
        'aggregate or filter before this step, use head(n), or narrow start_time',
      );
    }
  }
}
