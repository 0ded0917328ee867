import { formatIpv4, formatIpv6 } from '../../../shared/ip-text.js';
import { addrField, answerJson, cnameField, dataField } from './json.js';
import { DnsFormatError, readName, type NameSource } from './names.js';
import type { CachedAnswers } from './question-sections.js';
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

/** The first question's name starts right after the 12-byte header. */
const FIRST_QUESTION_AT = 12;

/**
 * One resource record of the answer section at the source's offset, as its JSON item; leaves
 * the offset past it. `questionName` is given only when the question's name has no pointers
 * itself: an owner that points at it is then that name, with no pointer limit to reach.
 */
export function readAnswer(source: NameSource, questionName: string | undefined): string {
  const name = readOwnerName(source, questionName);
  const type = fixedU16(source, 8); // type, class, TTL
  const length = fixedU16(source, 2);
  const start = source.offset;
  if (start + length > source.bytes.length) throw new DnsFormatError('record data cut');
  const data = readAnswerData(source, type, length);
  source.offset = start + length;
  return answerJson(name, type, data);
}

/** Answers nearly always name the question by a pointer to it: reuse its decoded text. */
function readOwnerName(source: NameSource, questionName: string | undefined): string {
  const { bytes, offset } = source;
  if (questionName !== undefined && pointsAtQuestion(bytes, offset)) {
    source.offset = offset + 2;
    return questionName;
  }
  return readName(source);
}

function pointsAtQuestion(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0xc0 && bytes[at + 1] === FIRST_QUESTION_AT;
}

/**
 * The JSON field for the RDATA of `length` bytes at the source's offset, for the types px
 * shows ('' for others). Names inside it are read from the whole message, since they may
 * point back into it: `hasNames` lists the types whose field reads them.
 */
function readAnswerData(source: NameSource, type: number, length: number): string {
  const { bytes, offset } = source;
  switch (type) {
    case TYPE_A:
      return length === 4 ? addrField(formatIpv4(bytes, offset)) : '';
    case TYPE_AAAA:
      return length === 16 ? addrField(formatIpv6(bytes, offset)) : '';
    case TYPE_CNAME:
      return cnameField(readName(source));
    case TYPE_NS:
    case TYPE_PTR:
    case TYPE_DNAME:
      return dataField(readName(source));
    case TYPE_MX: {
      const preference = fixedU16(source, 2);
      return dataField(`${preference} ${readName(source)}`);
    }
    case TYPE_TXT:
      return dataField(characterStrings(bytes, offset, offset + length));
    default:
      return '';
  }
}

/** Whether the JSON of a record of this type reads names (see readAnswerData). */
function hasNames(type: number): boolean {
  return (
    type === TYPE_CNAME ||
    type === TYPE_NS ||
    type === TYPE_PTR ||
    type === TYPE_DNAME ||
    type === TYPE_MX
  );
}

/** The <character-string>s of TXT RDATA bytes[from, to), each as Latin-1 text in double quotes. */
function characterStrings(bytes: Uint8Array, from: number, to: number): string {
  const strings: string[] = [];
  for (let at = from; at < to;) {
    const end = at + 1 + (bytes[at] ?? 0);
    if (end > to) throw new DnsFormatError('character-string cut');
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + at + 1, end - at - 1);
    strings.push(`"${text.toString('latin1')}"`);
    at = end;
  }
  return strings.join(' ');
}

/** The 16-bit number at the offset, then moves past a field of `size` bytes that starts with it. */
export function fixedU16(source: NameSource, size: number): number {
  const { bytes, offset } = source;
  if (offset + size > bytes.length) throw new DnsFormatError('message cut');
  source.offset = offset + size;
  return (bytes[offset] as number) * 0x100 + (bytes[offset + 1] as number);
}

/** Longer answer sections are not worth a key. */
const MAX_KEY_BYTES = 512;
/** The key `answersKey` writes. */
const ANSWERS_KEY = new Uint8Array(MAX_KEY_BYTES);

/**
 * Writes the key of the `count` answers at bytes[from] into ANSWERS_KEY and returns its
 * length, or -1 when their JSON is not a function of the key and the question's name.
 *
 * It is when every owner points at the question (whose name has no pointers) and no record's
 * field reads names, which might point anywhere: the JSON then depends only on each record's
 * type and RDATA, which the key holds with RDLENGTH to delimit them. Class and TTL are left
 * out: the rows do not show them, and a caching resolver counts TTLs down reply by reply.
 * Records that run past the message give -1 too, for the full reading to handle.
 */
export function answersKey(bytes: Uint8Array, from: number, count: number): number {
  let at = from;
  let length = 0;
  for (let i = 0; i < count; i++) {
    if (!pointsAtQuestion(bytes, at) || at + 12 > bytes.length) return -1;
    const type = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    const dataLength = ((bytes[at + 10] as number) << 8) | (bytes[at + 11] as number);
    const end = at + 12 + dataLength;
    if (hasNames(type) || end > bytes.length || length + 4 + dataLength > MAX_KEY_BYTES) return -1;
    ANSWERS_KEY[length++] = type >> 8;
    ANSWERS_KEY[length++] = type & 0xff;
    for (let j = at + 10; j < end; j++) ANSWERS_KEY[length++] = bytes[j] as number;
    at = end;
  }
  return length;
}

/** The resp_body kept in `cached` when its key equals ANSWERS_KEY[0, length). */
export function cachedAnswersJson(
  cached: CachedAnswers | undefined,
  length: number,
): string | undefined {
  if (cached === undefined || cached.key.length !== length) return undefined;
  const key = cached.key;
  for (let i = 0; i < length; i++) if (key[i] !== ANSWERS_KEY[i]) return undefined;
  return cached.json;
}

/** The resp_body `json`, to be found again by the key in ANSWERS_KEY[0, length). */
export function answersToCache(length: number, json: string): CachedAnswers {
  return { key: ANSWERS_KEY.slice(0, length), json };
}
