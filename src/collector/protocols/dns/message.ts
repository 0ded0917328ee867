import { u16At } from '../common/bytes-at.js';
import type { DnsHeader } from './header.js';
import { answersKey, answersToCache, cachedAnswersJson, fixedU16, readAnswer } from './answers.js';
import { answersJson, queriesJson, queryItemJson } from './json.js';
import { DnsFormatError, readName } from './names.js';
import { keepSection, knownSection, type QuestionSection } from './question-sections.js';

const HEADER_BYTES = 12;
const EMPTY = new Uint8Array(0);
const NO_QUESTIONS: QuestionSection = {
  name: undefined,
  type: 0,
  json: queriesJson(''),
  lastAnswers: undefined,
};

/**
 * Reads DNS messages (RFC 1035 §4.1) one at a time into its own fields: the header, the
 * question section and the JSON of the answer section, which is all dns_events shows of them.
 * Authority and additional records are counted in the header but not decoded.
 *
 * One reader serves every message of a stitcher, and the answers go straight to their JSON:
 * a message consumed at once needs no objects of its own, only the text its row keeps.
 */
export class DnsMessageReader implements DnsHeader {
  txid = 0;
  flags = 0;
  qdcount = 0;
  ancount = 0;
  nscount = 0;
  arcount = 0;
  questions: QuestionSection = NO_QUESTIONS;
  /** resp_body: the answer section. */
  answers = '';
  /** False when the answer section was malformed and `answers` holds only what came before. */
  complete = false;
  /** The message being read and the offset of the next field; `readName` moves `offset` too. */
  bytes: Uint8Array = EMPTY;
  offset = 0;
  /**
   * Whether the question names have no pointers: such sections are cached, and an answer that
   * points at the first question is that name.
   */
  private plainQuestions = false;

  /**
   * Reads one whole message. Returns false when the header or a question is malformed. A
   * malformed answer keeps the answers before it and clears `complete`, since the rest is
   * still worth showing. Malformed bytes never throw past this call.
   */
  read(bytes: Uint8Array): boolean {
    this.bytes = bytes;
    this.offset = 0;
    const readable = this.readHeadAndQuestions();
    if (readable) this.readAnswers();
    this.bytes = EMPTY; // not kept alive by the reader
    return readable;
  }

  private readHeadAndQuestions(): boolean {
    try {
      this.readHeader();
      this.readQuestions();
      return true;
    } catch (error) {
      if (error instanceof DnsFormatError) return false;
      throw error;
    }
  }

  /** The fixed 12-byte header: one bounds check, then plain reads. */
  private readHeader(): void {
    const bytes = this.bytes;
    if (bytes.length < HEADER_BYTES) throw new DnsFormatError('header cut');
    this.txid = u16At(bytes, 0);
    this.flags = u16At(bytes, 2);
    this.qdcount = u16At(bytes, 4);
    this.ancount = u16At(bytes, 6);
    this.nscount = u16At(bytes, 8);
    this.arcount = u16At(bytes, 10);
    this.offset = HEADER_BYTES;
  }

  /** The question section, decoded once per distinct wire form (see question-sections.ts). */
  private readQuestions(): void {
    const bytes = this.bytes;
    const end = this.qdcount === 0 ? -1 : plainSectionEnd(bytes, this.qdcount);
    const known = end < 0 ? undefined : knownSection(bytes, HEADER_BYTES, end);
    this.plainQuestions = end >= 0;
    if (known !== undefined) {
      this.questions = known;
      this.offset = end;
      return;
    }
    this.questions = this.decodeQuestions();
    if (end >= 0) keepSection(bytes, HEADER_BYTES, end, this.questions);
  }

  private decodeQuestions(): QuestionSection {
    if (this.qdcount === 0) return NO_QUESTIONS;
    const name = readName(this);
    const type = fixedU16(this, 4); // type, class
    let items = queryItemJson(name, type);
    for (let i = 1; i < this.qdcount; i++) {
      const other = readName(this);
      items += `,${queryItemJson(other, fixedU16(this, 4))}`;
    }
    return { name, type, json: queriesJson(items), lastAnswers: undefined };
  }

  /**
   * The answer section. A reply to a cached question section that answers like the last one
   * (the same records but for TTLs) takes its text: see `answersKey`.
   */
  private readAnswers(): void {
    const questions = this.questions;
    if (this.ancount === 0) {
      this.answers = answersJson('');
      this.complete = true;
      return;
    }
    const keyLength = this.plainQuestions ? answersKey(this.bytes, this.offset, this.ancount) : -1;
    const known = keyLength < 0 ? undefined : cachedAnswersJson(questions.lastAnswers, keyLength);
    if (known !== undefined) {
      this.answers = known;
      this.complete = true;
      return;
    }
    this.decodeAnswers();
    if (this.complete && keyLength >= 0) {
      questions.lastAnswers = answersToCache(keyLength, this.answers);
    }
  }

  private decodeAnswers(): void {
    let items = '';
    this.complete = false;
    try {
      const plainQuestion = this.plainQuestions || plainNameEnd(this.bytes, HEADER_BYTES) >= 0;
      const questionName = plainQuestion ? this.questions.name : undefined;
      for (let i = 0; i < this.ancount; i++) {
        const item = readAnswer(this, questionName);
        items = i === 0 ? item : `${items},${item}`;
      }
      this.complete = true;
    } catch (error) {
      if (!(error instanceof DnsFormatError)) throw error;
    }
    this.answers = answersJson(items);
  }
}

/**
 * Where a question section of `count` questions ends when its names are written out in
 * labels, without compression pointers (nearly always); -1 otherwise, or when it is cut.
 */
function plainSectionEnd(bytes: Uint8Array, count: number): number {
  let at = HEADER_BYTES;
  for (let i = 0; i < count && at >= 0; i++) {
    at = plainNameEnd(bytes, at);
    if (at >= 0) at += 5; // the root label, type, class
  }
  return at > bytes.length ? -1 : at;
}

/** Where the root label of the name at `at` is, or -1 when the name has pointers. */
function plainNameEnd(bytes: Uint8Array, at: number): number {
  for (let length = bytes[at] ?? 0; length !== 0; length = bytes[at] ?? 0) {
    if (length > 63) return -1;
    at += 1 + length;
  }
  return at;
}
