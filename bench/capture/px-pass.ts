/** One timed px ingest of a capture file into a fresh store, with the rows each table holds. */
import { ingestCaptureFile } from '../../src/collector/ingest-capture-file.js';
import { Store } from '../../src/store/index.js';
import { collectGarbage } from '../report.js';

/** Room for every row of a few hundred MB of capture, so nothing is evicted mid-run. */
const BUDGET_BYTES = 8 * 1024 ** 3;

export interface PxPass {
  readonly workers: number;
  readonly ms: number;
  /** Rows held per table after the run. */
  readonly rows: ReadonlyMap<string, number>;
  /** Rows evicted for the budget (should stay 0, or the counts undercount). */
  readonly evictedRows: number;
  /** Stream gaps the reassembler jumped (capture loss shows here). */
  readonly gaps: number;
}

export async function pxPass(file: string, workers: number): Promise<PxPass> {
  const store = new Store({ budgetBytes: BUDGET_BYTES });
  collectGarbage();
  const start = performance.now();
  const stats = await ingestCaptureFile(file, store, { workers });
  const ms = performance.now() - start;
  const tables = store.stats().tables;
  return {
    workers,
    ms,
    rows: new Map(tables.map((t) => [t.name, t.rows])),
    evictedRows: tables.reduce((sum, t) => sum + t.evictedRows, 0),
    gaps: stats.capture.tcp.gaps,
  };
}
