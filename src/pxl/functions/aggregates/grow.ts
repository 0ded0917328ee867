type Growable = Float64Array | Uint8Array | Int32Array | BigInt64Array;

/**
 * `array` with room for at least `size` entries: the same array when it fits, else a copy
 * with doubled capacity. New entries hold `fill`.
 */
export function ensureCapacity<T extends Growable>(
  array: T,
  size: number,
  fill: number | bigint = 0,
): T {
  if (size <= array.length) return array;
  const capacity = Math.max(size, array.length * 2, 16);
  const grown = new (array.constructor as new (n: number) => T)(capacity);
  grown.set(array as never);
  if (fill !== 0 && fill !== 0n) grown.fill(fill as never, array.length);
  return grown;
}
