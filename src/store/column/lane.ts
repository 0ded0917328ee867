/**
 * A lane is the numeric storage of one column in one chunk. Sealed chunks keep each lane in
 * the narrowest typed array that holds its values exactly, or as a single number when every
 * row has the same value; that is what keeps a row well under 64 bytes.
 */
export type NumericArray =
  Float64Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** A typed array with one value per row, or one number standing for every row. */
export type Lane = NumericArray | number;

export function laneValue(lane: Lane, row: number): number {
  return typeof lane === 'number' ? lane : (lane[row] as number);
}

export function laneBytes(lane: Lane): number {
  return typeof lane === 'number' ? 0 : lane.byteLength;
}

/** Copies the first `count` values of `values` into the narrowest exact representation. */
export function narrowLane(values: NumericArray | readonly number[], count: number): Lane {
  if (count === 0) return 0;
  let min = values[0] as number;
  let max = min;
  let isIntegral = true;
  for (let i = 0; i < count; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
    if (isIntegral && !Number.isInteger(v)) isIntegral = false;
  }
  if (isIntegral && min === max) return min;
  return copyPrefix(values, count, isIntegral ? integerArrayFor(min, max, count) : undefined);
}

/**
 * narrowLane for dictionary codes: every code below `distinct` is used by some row and the first
 * row has code 0, so the range is known without reading the codes.
 */
export function narrowCodes(codes: Uint32Array, count: number, distinct: number): Lane {
  if (count === 0 || distinct <= 1) return 0;
  return copyPrefix(codes, count, integerArrayFor(0, distinct - 1, count));
}

/** Typed-array set converts element types natively, far cheaper than a loop of stores. */
function copyPrefix(
  values: NumericArray | readonly number[],
  count: number,
  target: NumericArray = new Float64Array(count),
): NumericArray {
  target.set(ArrayBuffer.isView(values) ? values.subarray(0, count) : values.slice(0, count));
  return target;
}

function integerArrayFor(min: number, max: number, count: number): NumericArray {
  if (min >= 0) {
    if (max <= 0xff) return new Uint8Array(count);
    if (max <= 0xffff) return new Uint16Array(count);
    if (max <= 0xffffffff) return new Uint32Array(count);
  } else {
    if (min >= -0x80 && max <= 0x7f) return new Int8Array(count);
    if (min >= -0x8000 && max <= 0x7fff) return new Int16Array(count);
    if (min >= -0x80000000 && max <= 0x7fffffff) return new Int32Array(count);
  }
  return new Float64Array(count);
}
