/** Counts http_events rows by the side that recorded them, for the per-request CPU figure. */
import { readValue, type Store } from '../../src/store/index.js';

export interface HttpRowCounts {
  readonly total: number;
  /** trace_role 2: recorded on the server side of a connection. */
  readonly server: number;
  /** Server-side rows on `port` (the benchmark's nginx), as opposed to other traffic on the box. */
  readonly serverOnPort: number;
}

export function countHttpRows(store: Store, port: number): HttpRowCounts {
  const snapshot = store.snapshot('http_events');
  const columnIndex = (name: string): number =>
    snapshot.schema.columns.findIndex((c) => c.name === name);
  const role = columnIndex('trace_role');
  const localPort = columnIndex('local_port');
  let server = 0;
  let serverOnPort = 0;
  for (const chunk of snapshot.chunks) {
    for (let row = 0; row < chunk.rowCount; row++) {
      if (readValue(chunk, role, row) !== 2) continue;
      server++;
      if (readValue(chunk, localPort, row) === port) serverOnPort++;
    }
  }
  return { total: snapshot.rowCount, server, serverOnPort };
}
