/**
 * Big-endian integers read at an offset of a byte array, with no reader object: for hot paths
 * that already know where a field is. Bytes past the end read as 0; callers check the room.
 */

export function u16At(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

export function i32At(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) << 24) |
    ((bytes[at + 1] ?? 0) << 16) |
    ((bytes[at + 2] ?? 0) << 8) |
    (bytes[at + 3] ?? 0)
  );
}

export function u32At(bytes: Uint8Array, at: number): number {
  return i32At(bytes, at) >>> 0;
}
