/**
 * A question section as dns_events shows it. Resolvers ask for the same names again and
 * again, and each reply repeats its query's section: decoding it once per distinct wire form
 * saves the name text and req_body per message, and hands out the same strings each time, so
 * pairing compares names by identity and the store's dictionary reuses their cached hashes.
 */
export interface QuestionSection {
  /** The first question's name, undefined when the section is empty. */
  readonly name: string | undefined;
  /** The first question's type, 0 when the section is empty. */
  readonly type: number;
  /** req_body: `{"queries":[...]}`. */
  readonly json: string;
  /** The answer section last seen in a reply to these questions (see answer-cache.ts). */
  lastAnswers: CachedAnswers | undefined;
}

/** An answer section in the form answer-cache.ts compares, and its resp_body. */
export interface CachedAnswers {
  readonly key: Uint8Array;
  readonly json: string;
}

/** Sections kept; the cache starts over when it is full. */
const MAX_SECTIONS = 4096;
/** Longer sections are not kept (this bounds the memory held). */
const MAX_SECTION_BYTES = 512;

interface Entry {
  readonly bytes: Uint8Array;
  readonly section: QuestionSection;
}

/** By a hash of the section's bytes; an entry replaces another with the same hash. */
const SECTIONS = new Map<number, Entry>();

/**
 * The section decoded before from the same bytes `bytes[from, to)`. Sections are a few dozen
 * bytes: hashing and comparing each byte here costs less than a call into native code.
 */
export function knownSection(
  bytes: Uint8Array,
  from: number,
  to: number,
): QuestionSection | undefined {
  const entry = SECTIONS.get(hashBytes(bytes, from, to));
  if (entry === undefined || entry.bytes.length !== to - from) return undefined;
  const known = entry.bytes;
  for (let i = 0; i < known.length; i++) if (known[i] !== bytes[from + i]) return undefined;
  return entry.section;
}

/** Remembers the section decoded from `bytes[from, to)`. */
export function keepSection(
  bytes: Uint8Array,
  from: number,
  to: number,
  section: QuestionSection,
): void {
  if (to - from > MAX_SECTION_BYTES) return;
  if (SECTIONS.size >= MAX_SECTIONS) SECTIONS.clear();
  // A copy (a Buffer's slice would be a view of the packet).
  const copy = new Uint8Array(bytes.subarray(from, to));
  SECTIONS.set(hashBytes(bytes, from, to), { bytes: copy, section });
}

/** FNV-1a over the bytes, as a small integer (a Map keys those without boxing them). */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash & 0x3fffffff;
}
