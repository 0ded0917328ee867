import { RecentByBytes } from '../common/recent-by-bytes.js';

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
  /** The answer section last seen in a reply to these questions (see answers.ts). */
  lastAnswers: CachedAnswers | undefined;
}

/** An answer section in the form answers.ts compares, and its resp_body. */
export interface CachedAnswers {
  readonly key: Uint8Array;
  readonly json: string;
}

/**
 * Sections decoded before, by their bytes: at most 4096 of them (the cache starts over when
 * full), each at most 512 bytes long (this bounds the memory held).
 */
const SECTIONS = new RecentByBytes<QuestionSection>(4096, 0, 512);

/** The section decoded before from the same bytes `bytes[from, to)`. */
export function knownSection(
  bytes: Uint8Array,
  from: number,
  to: number,
): QuestionSection | undefined {
  return SECTIONS.get(bytes, from, to);
}

/** Remembers the section decoded from `bytes[from, to)`. */
export function keepSection(
  bytes: Uint8Array,
  from: number,
  to: number,
  section: QuestionSection,
): void {
  SECTIONS.set(bytes, section, from, to);
}
