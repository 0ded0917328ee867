/**
 * Values recently made from byte strings, found again by the bytes. Traffic repeats itself:
 * the same response body, the same response head but for its Date each second. Turning such
 * bytes into text (and parsing that) again for every message costs far more than comparing
 * them with the bytes seen last time, and handing out the same string each time lets every
 * Map that later meets it (dictionary coding, the store) reuse the string's cached hash.
 *
 * Lookups hash the length and a fixed sample of the bytes, then compare the candidate in full,
 * so a hit costs one memcmp and a miss little more than nothing. Short byte strings (a DNS
 * question section, a small HTTP head) are hashed and compared whole, here: for those a call
 * into native code costs more than the bytes.
 */
const SAMPLES = 32;
/** Byte strings up to this long are hashed and compared byte by byte. */
const SHORT_BYTES = 64;

interface Entry<V> {
  readonly bytes: Buffer;
  readonly value: V;
}

export class RecentByBytes<V> {
  private readonly entries = new Map<number, Entry<V>>();
  /** The entry found last: repeats come in runs, and trying it first skips the hash. */
  private last: Entry<V> | undefined;

  /**
   * @param maxEntries entries kept; the cache starts over when it is full.
   * @param minBytes shorter byte strings are not worth caching (they miss through `get`).
   * @param maxBytes nor are longer ones (this bounds the memory held).
   */
  constructor(
    private readonly maxEntries: number,
    private readonly minBytes = 64,
    private readonly maxBytes = 16 * 1024,
  ) {}

  /** The value for `bytes[from, to)`, compared in place. */
  get(bytes: Uint8Array, from = 0, to = bytes.length): V | undefined {
    const length = to - from;
    if (length < this.minBytes || length > this.maxBytes) return undefined;
    const last = this.last;
    if (last !== undefined && holds(last, bytes, from, to)) return last.value;
    const entry = this.entries.get(hashOf(bytes, from, to));
    if (entry === undefined || !holds(entry, bytes, from, to)) return undefined;
    this.last = entry;
    return entry.value;
  }

  /**
   * Remembers `value` for (a copy of) `bytes[from, to)`, replacing what had the same hash.
   */
  set(bytes: Uint8Array, value: V, from = 0, to = bytes.length): void {
    const length = to - from;
    if (length < this.minBytes || length > this.maxBytes) return;
    if (this.entries.size >= this.maxEntries) {
      this.entries.clear();
      this.last = undefined;
    }
    const key = Buffer.from(bytes.subarray(from, to));
    this.entries.set(hashOf(bytes, from, to), { bytes: key, value });
  }
}

/** Whether `entry` is for the bytes `bytes[from, to)`. */
function holds<V>(entry: Entry<V>, bytes: Uint8Array, from: number, to: number): boolean {
  const key = entry.bytes;
  const length = key.length;
  if (length !== to - from) return false;
  if (length <= SHORT_BYTES) {
    for (let i = 0; i < length; i++) if (key[i] !== bytes[from + i]) return false;
    return true;
  }
  // equals skips the offset checks compare makes; a range needs compare.
  return from === 0 && to === bytes.length ? key.equals(bytes) : key.compare(bytes, from, to) === 0;
}

/** The Map key for `bytes[from, to)`: a small integer, which a Map keys without boxing. */
function hashOf(bytes: Uint8Array, from: number, to: number): number {
  const hash = to - from <= SHORT_BYTES ? wholeHash(bytes, from, to) : sampleHash(bytes, from, to);
  return hash & 0x3fffffff;
}

/** FNV-1a over every byte. */
function wholeHash(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash;
}

/**
 * FNV-1a over the length and SAMPLES bytes of `bytes[from, to)` spread evenly from the first
 * to the last.
 */
function sampleHash(bytes: Uint8Array, from: number, to: number): number {
  const n = to - from;
  let hash = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  const last = n - 1;
  for (let i = 0; i < SAMPLES; i++) {
    const at = from + Math.floor((last * i) / (SAMPLES - 1));
    hash = Math.imul(hash ^ (bytes[at] ?? 0), 0x01000193);
  }
  return hash;
}
