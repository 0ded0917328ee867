import type { Chunk } from './chunk.js';
import { laneValue } from './column/lane.js';

/** A time_ value as exact ns. Row-at-a-time: for output and tests, not for query hot paths. */
export function readTimeNs(chunk: Chunk, column: number, row: number): bigint {
  const c = chunk.columns[column];
  if (c?.kind !== 'time') throw new TypeError(`column ${column} is not a time column`);
  return c.baseNs + BigInt(laneValue(c.lane, row));
}

/** One cell in its natural JS type: bigint for times and upids, number, or string. */
export function readValue(chunk: Chunk, column: number, row: number): bigint | number | string {
  const c = chunk.columns[column];
  if (c === undefined) throw new RangeError(`no column ${column}`);
  switch (c.kind) {
    case 'time':
      return c.baseNs + BigInt(laneValue(c.lane, row));
    case 'number':
      return laneValue(c.lane, row);
    case 'dict':
      return c.dict[laneValue(c.codes, row)] as string | bigint;
  }
}
