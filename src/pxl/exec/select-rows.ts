import type { Lane } from '../../store/index.js';
import { Batch } from './batch.js';
import type { NumericArrayConstructor, Vector } from './vector.js';

/** The rows `selection[0..count)` of a batch; columns are gathered only when read. */
export function selectRows(batch: Batch, selection: Uint32Array, count: number): Batch {
  const sources = Array.from(
    { length: batch.width },
    (_, c) => () => gather(batch.column(c), selection, count),
  );
  return new Batch(count, sources);
}

/** Rows [start, end) of a batch, sharing memory with it. */
export function sliceRows(batch: Batch, start: number, end: number): Batch {
  const sources = Array.from(
    { length: batch.width },
    (_, c) => () => slice(batch.column(c), start, end),
  );
  return new Batch(end - start, sources);
}

export function gather(v: Vector, selection: Uint32Array, count: number): Vector {
  switch (v.kind) {
    case 'number':
    case 'time':
      return { ...v, lane: gatherLane(v.lane, selection, count) };
    case 'string':
    case 'uint128':
      return { ...v, codes: gatherLane(v.codes, selection, count) };
  }
}

function gatherLane(lane: Lane, selection: Uint32Array, count: number): Lane {
  if (typeof lane === 'number') return lane;
  const out = new (lane.constructor as NumericArrayConstructor)(count);
  for (let i = 0; i < count; i++) out[i] = lane[selection[i] as number] as number;
  return out;
}

function slice(v: Vector, start: number, end: number): Vector {
  const cut = (lane: Lane): Lane => (typeof lane === 'number' ? lane : lane.subarray(start, end));
  switch (v.kind) {
    case 'number':
    case 'time':
      return { ...v, lane: cut(v.lane) };
    case 'string':
    case 'uint128':
      return { ...v, codes: cut(v.codes) };
  }
}
