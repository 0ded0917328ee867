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
  const questions: DnsQuestion[] = [];
  try {
    header = readHeader(reader);
    for (let i = 0; i < header.qdcount; i++) {
      const name = readName(reader);
      const type = reader.u16be();
      reader.skip(2); // class
      questions.push({ name, type });
    }
  } catch (error) {
    if (isFormatError(error)) return null;
    throw error;
  }
  const answers: DnsAnswer[] = [];
  try {
    for (let i = 0; i < header.ancount; i++) answers.push(readAnswer(reader));
  } catch (error) {
    if (isFormatError(error)) return { header, questions, answers, complete: false };
    throw error;
  }
  return { header, questions, answers, complete: true };
}

function readHeader(reader: ByteReader): DnsHeader {
  return {
    txid: reader.u16be(),
    flags: reader.u16be(),
    qdcount: reader.u16be(),
    ancount: reader.u16be(),
    nscount: reader.u16be(),
    arcount: reader.u16be(),
  };
}

function readAnswer(reader: ByteReader): DnsAnswer {
  const name = readName(reader);
  const type = reader.u16be();
  reader.skip(6); // class, TTL
  const length = reader.u16be();
  const start = reader.offset;
  const rdata = reader.take(length);
  const data = readAnswerData(type, rdata, new ByteReader(reader.bytes, start));
  return { name, type, data };
}

/** Decodes the RDATA of the types px shows; `names` reads names inside it (they may point back). */
function readAnswerData(type: number, rdata: Uint8Array, names: ByteReader): DnsAnswerData {
  switch (type) {
    case TYPE_A:
      return rdata.length === 4 ? { addr: formatIpv4(rdata, 0) } : null;
    case TYPE_AAAA:
      return rdata.length === 16 ? { addr: formatIpv6(rdata, 0) } : null;
    case TYPE_CNAME:
      return { cname: readName(names) };
    case TYPE_NS:
    case TYPE_PTR:
    case TYPE_DNAME:
      return { data: readName(names) };
    case TYPE_MX: {
      const preference = names.u16be();
      return { data: `${preference} ${readName(names)}` };
    }
    case TYPE_TXT:
      return { data: characterStrings(rdata).join(' ') };
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
