import type { Detection } from '../common/types.js';
import { u16At } from '../common/bytes-at.js';

/** Whether bytes look like the start of a DNS message, or more bytes are needed to tell. */
export type Plausibility = 'yes' | 'no' | 'more';

/** Queries carry one question in practice (RFC 9619); allow a few. */
const MAX_QUESTIONS = 4;
/** Opcodes in use, as a bit set: QUERY, IQUERY (obsolete), STATUS, NOTIFY, UPDATE. */
const OPCODES = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 4) | (1 << 5);
/** Classes: IN, CH, HS, NONE, ANY. */
const CLASSES = new Set([1, 3, 4, 254, 255]);

/**
 * A strict look at a DNS header and its first question, for recognising DNS in a byte
 * stream: a known opcode, the reserved Z bit clear, 1-4 questions, a query without answers
 * or an error code, and a first question name of printable labels with a known class.
 */
export function dnsPlausibility(bytes: Uint8Array): Plausibility {
  if (bytes.length < 12) return 'more';
  const flags = u16At(bytes, 2);
  const response = (flags & 0x8000) !== 0;
  const opcode = (flags >> 11) & 0xf;
  if ((OPCODES & (1 << opcode)) === 0 || (flags & 0x0040) !== 0) return 'no';
  const questions = u16At(bytes, 4);
  if (questions < 1 || questions > MAX_QUESTIONS) return 'no';
  // A standard query carries no answers or authority records, and little additional data.
  if (
    !response &&
    opcode === 0 &&
    (u16At(bytes, 6) > 0 || u16At(bytes, 8) > 0 || u16At(bytes, 10) > 2)
  ) {
    return 'no';
  }
  if (!response && (flags & 0x000f) !== 0) return 'no';
  return questionPlausibility(bytes, 12);
}

/** The first question: uncompressed printable labels, then a non-zero type and a known class. */
function questionPlausibility(bytes: Uint8Array, start: number): Plausibility {
  let at = start;
  for (;;) {
    const length = bytes[at];
    if (length === undefined) return 'more';
    if (length === 0) break;
    if (length > 63 || at - start + length + 2 > 255) return 'no';
    for (let i = at + 1; i <= at + length; i++) {
      const byte = bytes[i];
      if (byte === undefined) return 'more';
      if (byte <= 0x20 || byte >= 0x7f) return 'no';
    }
    at += length + 1;
  }
  if (at + 5 > bytes.length) return 'more';
  const type = u16At(bytes, at + 1);
  const cls = u16At(bytes, at + 3) & 0x7fff; // mDNS QU bit
  return type !== 0 && CLASSES.has(cls) ? 'yes' : 'no';
}

/** Shared answers of `detectDnsDatagram`: it runs on every datagram, so it allocates none. */
const DATAGRAM_REQUEST: Detection = { side: 'request', confidence: 0.9 };
const DATAGRAM_RESPONSE: Detection = { side: 'response', confidence: 0.9 };

/** Recognises one UDP datagram as DNS; the QR bit says which side sent it. */
export function detectDnsDatagram(datagram: Uint8Array): Detection | null {
  if (dnsPlausibility(datagram) !== 'yes') return null;
  return isResponseFlags(datagram[2]) ? DATAGRAM_RESPONSE : DATAGRAM_REQUEST;
}

/**
 * Recognises DNS over TCP from the first bytes of a stream: a 2-byte length, then a
 * plausible message. An exact fit of one message in the bytes is the strongest sign.
 */
export function detectDnsTcp(firstBytes: Uint8Array): Detection | null {
  if (firstBytes.length < 2) return null;
  const length = u16At(firstBytes, 0);
  if (length < 12 || dnsPlausibility(firstBytes.subarray(2)) !== 'yes') return null;
  const side = isResponseFlags(firstBytes[4]) ? 'response' : 'request';
  return { side, confidence: length === firstBytes.length - 2 ? 0.9 : 0.75 };
}

function isResponseFlags(firstFlagsByte: number | undefined): boolean {
  return ((firstFlagsByte ?? 0) & 0x80) !== 0;
}
