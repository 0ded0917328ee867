/**
 * What a parser or tracker holds on to: walks the object graph from a root (own fields, array
 * elements, map and set entries; closures cannot be seen into) and sums the bytes of every
 * typed array and string it reaches, and the entries of every array, map and set. The parsers
 * do not all report their buffers, so this is how the fuzzer sees one grow without bound.
 */
export interface Retained {
  /** Bytes of reachable typed arrays (their view length) and string characters. */
  bytes: number;
  /** Entries of reachable arrays, maps and sets. */
  entries: number;
  objects: number;
}

/** Objects past this many end the walk: a graph this big is over any bound already. */
const MAX_OBJECTS = 200_000;

export function measureRetained(
  root: object,
  skip: (value: object) => boolean = () => false,
): Retained {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  const total: Retained = { bytes: 0, entries: 0, objects: 0 };
  while (stack.length > 0 && total.objects < MAX_OBJECTS) {
    const value = stack.pop();
    if (typeof value === 'string') {
      total.bytes += value.length;
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value !== root && skip(value)) continue;
    total.objects++;
    if (ArrayBuffer.isView(value)) {
      total.bytes += value.byteLength;
    } else if (value instanceof ArrayBuffer) {
      total.bytes += value.byteLength;
    } else if (Array.isArray(value)) {
      total.entries += value.length;
      for (const item of value as unknown[]) stack.push(item);
    } else if (value instanceof Map) {
      total.entries += value.size;
      for (const [k, v] of value as Map<unknown, unknown>) stack.push(k, v);
    } else if (value instanceof Set) {
      total.entries += value.size;
      for (const item of value as Set<unknown>) stack.push(item);
    } else {
      for (const item of Object.values(value)) stack.push(item);
    }
  }
  return total;
}
