/**
 * Values recently made from byte strings, found again by the bytes. Traffic repeats itself:
 * the same response body, the same response head but for its Date each second. Turning such
 * bytes into text (and parsing that) again for every message costs far more than comparing
 * them with the bytes seen last time, and handing out the same string each time lets every
 * Map that later meets it (dictionary coding, the store) reuse the string's cached hash.
 *
 * Lookups hash the length and a fixed sample of the bytes, then compare the candidate in full,
 * so a hit costs one memcmp and a miss little more than nothing.
 */
const SAMPLES = 32;

export class RecentByBytes<V> {
  private readonly entries = new Map<number, { readonly bytes: Buffer; readonly value: V }>();

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

  get(bytes: Uint8Array): V | undefined {
    if (!this.fits(bytes)) return undefined;
    const entry = this.entries.get(sampleHash(bytes));
    return entry !== undefined && entry.bytes.equals(bytes) ? entry.value : undefined;
  }

  /** Remembers `value` for (a copy of) `bytes`, replacing what had the same sample. */
  set(bytes: Uint8Array, value: V): void {
    if (!this.fits(bytes)) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(sampleHash(bytes), { bytes: Buffer.from(bytes), value });
  }

  private fits(bytes: Uint8Array): boolean {
    return bytes.length >= this.minBytes && bytes.length <= this.maxBytes;
  }
}

/** FNV-1a over the length and SAMPLES bytes spread evenly from the first to the last. */
function sampleHash(bytes: Uint8Array): number {
  const n = bytes.length;
  let hash = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  const last = n - 1;
  for (let i = 0; i < SAMPLES; i++) {
    const at = Math.floor((last * i) / (SAMPLES - 1));
    hash = Math.imul(hash ^ (bytes[at] ?? 0), 0x01000193);
  }
  return hash;
}
