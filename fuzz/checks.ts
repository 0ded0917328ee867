/**
 * What every case must satisfy beyond "nothing threw": each record fits its table (known
 * columns, the column's type, integral INT64s, JSON where the schema says JSON, cells of
 * bounded length), and the rows the record sink builds from them pass the store's own
 * validation and append to a real Store.
 */
import type {
  ParserOptions,
  ProtocolRecord,
  ProtocolTable,
} from '../src/collector/protocols/common/types.js';
import { RecordSink, type RecordOrigin } from '../src/collector/conn/record-sink.js';
import {
  Store,
  TABLES,
  validateBatch,
  type ColumnInput,
  type ColumnSpec,
  type RowBatch,
  type TableSchema,
} from '../src/store/index.js';

/** A failed check (as opposed to an exception thrown by the code under test). */
export class CheckFailure extends Error {
  override readonly name = 'CheckFailure';
}

export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new CheckFailure(message());
}

/** Columns whose text the schema documents as JSON. */
const JSON_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  http_events: ['req_headers', 'resp_headers'],
  dns_events: ['req_header', 'req_body', 'resp_header', 'resp_body'],
};

/**
 * The longest cell a record may carry: texts are cut at the body limit or come from bytes a
 * parser buffers (at most maxBufferBytes), and escaping for display or JSON (\u00ff) can grow
 * a byte into six characters.
 */
function maxCellChars(options: ParserOptions): number {
  return 6 * Math.max(options.maxBufferBytes, options.maxBodyBytes) + 4096;
}

function checkCell(schema: TableSchema, spec: ColumnSpec, value: unknown, maxChars: number): void {
  const where = `${schema.name}.${spec.name} (${spec.type})`;
  switch (spec.type) {
    case 'STRING':
      check(typeof value === 'string', () => `${where} got ${typeof value}`);
      check(value.length <= maxChars, () => `${where} holds ${value.length} chars`);
      if (value !== '' && JSON_COLUMNS[schema.name]?.includes(spec.name) === true) {
        check(isJson(value), () => `${where} is not JSON: ${value.slice(0, 200)}`);
      }
      break;
    case 'INT64':
      check(Number.isInteger(value), () => `${where} got ${String(value)}`);
      break;
    case 'FLOAT64':
      check(
        typeof value === 'number' && !Number.isNaN(value),
        () => `${where} got ${String(value)}`,
      );
      break;
    case 'BOOLEAN':
      check(
        typeof value === 'boolean' || value === 0 || value === 1,
        () => `${where} got ${String(value)}`,
      );
      break;
    case 'TIME64NS':
    case 'UINT128':
      check(typeof value === 'bigint', () => `${where} got ${typeof value}`);
  }
}

/** One record: a known table, a bigint time, and protocol columns of the right types. */
function checkRecord(
  record: ProtocolRecord,
  table: ProtocolTable | undefined,
  maxChars: number,
): void {
  const schema = TABLES.get(record.table);
  check(schema !== undefined, () => `record for unknown table ${record.table}`);
  check(
    table === undefined || record.table === table,
    () => `${record.table} record, not ${String(table)}`,
  );
  check(typeof record.timeNs === 'bigint', () => `${record.table} record time is not a bigint`);
  for (const [name, value] of Object.entries(record.values)) {
    const spec = schema.columns.find((c) => c.name === name);
    check(spec !== undefined, () => `${schema.name} has no column "${name}"`);
    check(
      typeof value !== 'boolean' || spec.type === 'BOOLEAN',
      () => `${schema.name}.${name} got a boolean`,
    );
    checkCell(schema, spec, value, maxChars);
  }
}

/** Every cell of a batch, as validateBatch checks only the first and last of each column. */
function checkBatch(schema: TableSchema, batch: RowBatch, maxChars: number): void {
  validateBatch(schema, batch);
  for (const spec of schema.columns) {
    const cells = batch.columns[spec.name] as ColumnInput;
    for (let i = 0; i < batch.length; i++) checkCell(schema, spec, cells[i], maxChars);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The endpoints every fuzzed record is attributed to (the tracker uses its own). */
const ORIGIN: RecordOrigin = {
  open: { local: { addr: '10.0.0.1', port: 80 }, remote: { addr: '10.0.0.2', port: 40000 } },
  role: 2,
  encrypted: false,
};

/** Checks records as a case drains them and collects them as rows. */
export class RecordCheck {
  readonly sink: RecordSink;
  /** Rows flushed to the store so far. */
  rows = 0;

  constructor(
    private readonly options: ParserOptions,
    sink: RecordSink = new RecordSink(),
  ) {
    this.sink = sink;
  }

  /** Checks `records` (all of `table` when given), adds them to the sink, and empties the array. */
  take(records: ProtocolRecord[], table?: ProtocolTable): void {
    const maxChars = maxCellChars(this.options);
    for (const record of records) {
      checkRecord(record, table, maxChars);
      this.sink.add(record, ORIGIN);
    }
    records.length = 0;
  }

  /**
   * The sink's batches must pass validateBatch and append to `store`; with `everyCell` each
   * cell is checked too (for rows whose records were not checked one by one).
   */
  flush(store: Store, everyCell = false): void {
    for (const [table, batch] of this.sink.take()) {
      const schema = TABLES.get(table);
      check(schema !== undefined, () => `sink made rows for unknown table ${table}`);
      if (everyCell) checkBatch(schema, batch, maxCellChars(this.options));
      else validateBatch(schema, batch);
      store.append(table, batch);
      this.rows += batch.length;
    }
  }
}

/** A store that stays small however many cases append to it. */
export function smallStore(): Store {
  return new Store({ budgetBytes: 4 * 1024 * 1024, now: () => 0n });
}
