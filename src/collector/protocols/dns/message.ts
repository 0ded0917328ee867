import { ByteReader, ShortReadError } from '../common/byte-reader.js';
import { formatIpv4, formatIpv6 } from '../../../shared/ip-text.js';
import { DnsFormatError, readName } from './names.js';
import {
  TYPE_A,
  TYPE_AAAA,
  TYPE_CNAME,
  TYPE_DNAME,
  TYPE_MX,
  TYPE_NS,
  TYPE_PTR,
  TYPE_TXT,
} from './record-types.js';

export interface DnsHeader {
  readonly txid: number;
  /** The 16 flag bits: QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode. */
  readonly flags: number;
  readonly qdcount: number;
  readonly ancount: number;
  readonly nscount: number;
  readonly arcount: number;
}

export interface DnsQuestion {
  readonly name: string;
  readonly type: number;
}

/** What an answer says: an address (A/AAAA), a canonical name, or other data as text. */
export type DnsAnswerData =
  { readonly addr: string } | { readonly cname: string } | { readonly data: string } | null;

export interface DnsAnswer {
  readonly name: string;
  readonly type: number;
  readonly data: DnsAnswerData;
}

export interface DnsMessage {
  readonly header: DnsHeader;
  readonly questions: readonly DnsQuestion[];
  readonly answers: readonly DnsAnswer[];
  /** False when the answer section was malformed and `answers` holds only what came before. */
  readonly complete: boolean;
}

/** Whether a message is a response (the QR bit). */
export function isResponse(header: DnsHeader): boolean {
  return (header.flags & 0x8000) !== 0;
}

/**
 * Parses one whole DNS message (RFC 1035 §4.1): the header, the questions and the answer
 * section; authority and additional records are counted in the header but not decoded.
 * Returns null when the header or a question is malformed. A malformed answer keeps the
 * answers before it and marks the message incomplete, since the rest is still worth showing.
 */
export function parseDnsMessage(bytes: Uint8Array): DnsMessage | null {
  const reader = new ByteReader(bytes);
  let header: DnsHeader;
  let questions: DnsQuestion[];
  try {
    header = readHeader(reader);
    questions = readQuestions(reader, header.qdcount);
  } catch (error) {
    if (isFormatError(error)) return null;
    throw error;
  }
  let answers: DnsAnswer[] = [];
  try {
    const reusable = header.ancount > 0 && labelsOnly(bytes, FIRST_QUESTION_AT);
    const questionName = reusable ? questions[0]?.name : undefined;
    for (let i = 0; i < header.ancount; i++) {
      const answer = readAnswer(reader, questionName);
      // Like the questions, the answers start as a literal (see readQuestions).
      if (i === 0) answers = [answer];
      else answers.push(answer);
    }
  } catch (error) {
    if (isFormatError(error)) return { header, questions, answers, complete: false };
    throw error;
  }
  return { header, questions, answers, complete: true };
}

/**
 * The question section (nearly always one question). It starts as an array literal, which
 * holds exactly its items, where a first push would reserve room for 16.
 */
function readQuestions(reader: ByteReader, count: number): DnsQuestion[] {
  if (count === 0) return [];
  const questions = [readQuestion(reader)];
  for (let i = 1; i < count; i++) questions.push(readQuestion(reader));
  return questions;
}

function readQuestion(reader: ByteReader): DnsQuestion {
  const name = readName(reader);
  const type = reader.u16be();
  reader.skip(2); // class
  return { name, type };
}

/** The fixed 12-byte header: one bounds check, then plain reads. */
function readHeader(reader: ByteReader): DnsHeader {
  const bytes = reader.bytes;
  reader.skip(HEADER_BYTES);
  return {
    txid: u16(bytes, 0),
    flags: u16(bytes, 2),
    qdcount: u16(bytes, 4),
    ancount: u16(bytes, 6),
    nscount: u16(bytes, 8),
    arcount: u16(bytes, 10),
  };
}

/** The big-endian 16-bit number at bytes[at] (0 past the end: callers check lengths first). */
export function u16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

const HEADER_BYTES = 12;
/** The first question's name starts right after the header. */
const FIRST_QUESTION_AT = HEADER_BYTES;

function readAnswer(reader: ByteReader, questionName: string | undefined): DnsAnswer {
  const name = readOwnerName(reader, questionName);
  const type = reader.u16be();
  reader.skip(6); // class, TTL
  const length = reader.u16be();
  const start = reader.offset;
  reader.skip(length);
  return { name, type, data: readAnswerData(type, reader.bytes, start, length) };
}

/**
 * An answer's owner name. Answers nearly always name the question by a compression pointer
 * to it (RFC 1035 §4.1.4), whose text was decoded already: reuse it rather than decode again.
 * `questionName` is given only when the question's name has no pointers itself, so readName
 * would follow exactly one and could not reach its pointer limit.
 */
function readOwnerName(reader: ByteReader, questionName: string | undefined): string {
  const bytes = reader.bytes;
  const at = reader.offset;
  if (questionName !== undefined && bytes[at] === 0xc0 && bytes[at + 1] === FIRST_QUESTION_AT) {
    reader.skip(2);
    return questionName;
  }
  return readName(reader);
}

/** Whether the name at `at` is written out in labels, without compression pointers. */
function labelsOnly(bytes: Uint8Array, at: number): boolean {
  for (let length = bytes[at] ?? 0; length !== 0; length = bytes[at] ?? 0) {
    if (length > 63) return false;
    at += 1 + length;
  }
  return true;
}

/**
 * Decodes the RDATA at bytes[start, start + length) for the types px shows. Names inside it
 * are read from the whole message, since they may point back into it.
 */
function readAnswerData(
  type: number,
  bytes: Uint8Array,
  start: number,
  length: number,
): DnsAnswerData {
  switch (type) {
    case TYPE_A:
      return length === 4 ? { addr: formatIpv4(bytes, start) } : null;
    case TYPE_AAAA:
      return length === 16 ? { addr: formatIpv6(bytes, start) } : null;
    case TYPE_CNAME:
      return { cname: readName(new ByteReader(bytes, start)) };
    case TYPE_NS:
    case TYPE_PTR:
    case TYPE_DNAME:
      return { data: readName(new ByteReader(bytes, start)) };
    case TYPE_MX: {
      const names = new ByteReader(bytes, start);
      const preference = names.u16be();
      return { data: `${preference} ${readName(names)}` };
    }
    case TYPE_TXT:
      return { data: characterStrings(bytes.subarray(start, start + length)).join(' ') };
    default:
      return null;
  }
}

/** The <character-string>s of TXT RDATA, each as Latin-1 text in double quotes. */
function characterStrings(rdata: Uint8Array): string[] {
  const reader = new ByteReader(rdata);
  const strings: string[] = [];
  while (reader.remaining > 0) {
    const text = reader.take(reader.u8());
    strings.push(`"${Buffer.from(text).toString('latin1')}"`);
  }
  return strings;
}

function isFormatError(error: unknown): boolean {
  return error instanceof ShortReadError || error instanceof DnsFormatError;
}
