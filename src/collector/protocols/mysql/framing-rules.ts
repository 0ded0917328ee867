/**
 * What each direction accepts as a packet start. Aligned, the request side insists that a
 * sequence-0 packet is a real command of a valid length; the response side accepts any header
 * (its sense is judged by the response decoders). Seeking after a gap, both look for strong
 * evidence: a command with text that reads as text, or the first packet of an answer (sequence
 * 1) with a sensible first byte, and, when the bytes are there, a sensible packet after it.
 */
import { clientHello, greetingCapabilities } from './capabilities.js';
import { COM, isTextCommand, isValidCommand } from './commands.js';
import { HEADER_LENGTH, MAX_PACKET_LENGTH, readHeader, type PacketRules } from './packet-framer.js';
import type { StartVerdict } from '../common/frame-seek.js';
import { hasAttributePrefix } from './requests.js';
import { looksLikeText } from '../common/sql-text.js';
import { WireReader } from './wire-reader.js';

/** How much statement text is checked before a command is believed. */
const TEXT_PROBE = 24;

export const requestRules: PacketRules = {
  acceptHeader(length, seq, firstByte) {
    // Other sequence ids are connection-phase packets, LOCAL INFILE data or auth continuations.
    return seq !== 0 || (firstByte !== undefined && isValidCommand(firstByte, length));
  },

  plausibleStart(bytes, at, streamStart) {
    if (bytes.length - at < HEADER_LENGTH + 1) return 'need-more';
    const { length, seq } = readHeader(bytes, at);
    if (streamStart && seq === 1) return plausibleHello(bytes, at, length);
    const command = bytes[at + HEADER_LENGTH] ?? 0;
    if (seq !== 0 || !isValidCommand(command, length)) return 'no';
    if (isTextCommand(command)) {
      const probe = Math.min(length - 1, TEXT_PROBE);
      const start = at + HEADER_LENGTH;
      if (bytes.length < start + 1 + probe) return 'need-more';
      const payload = bytes.subarray(start, start + 1 + probe);
      const prefixed = command === COM.query && hasAttributePrefix(payload);
      // COM_FIELD_LIST is a NUL-terminated table name and a wildcard.
      const text =
        command === COM.fieldList
          ? payload.subarray(1).filter((b) => b !== 0)
          : payload.subarray(1);
      if (!prefixed && !looksLikeText(text)) return 'no';
    }
    return nextHeaderFits(bytes, at, length, (next) => {
      const nextCommand = bytes[at + HEADER_LENGTH + length + HEADER_LENGTH] ?? 0;
      if (length === MAX_PACKET_LENGTH) return next.seq === 1; // the payload continues
      return next.seq === 0 && isValidCommand(nextCommand, next.length);
    });
  },
};

function plausibleHello(bytes: Uint8Array, at: number, length: number): StartVerdict {
  const needed = Math.min(length, 32);
  if (bytes.length - at < HEADER_LENGTH + needed) return 'need-more';
  const payload = bytes.subarray(at + HEADER_LENGTH, at + HEADER_LENGTH + length);
  return clientHello(payload) ? 'proven' : 'no';
}

/** The first packet of an answer is small: a count, or an OK, ERR or EOF packet. */
const MAX_SEEK_ANSWER_START = 1024;

export const responseRules: PacketRules = {
  acceptHeader() {
    return true;
  },

  plausibleStart(bytes, at, streamStart) {
    if (bytes.length - at < HEADER_LENGTH + 1) return 'need-more';
    const { length, seq } = readHeader(bytes, at);
    const first = bytes[at + HEADER_LENGTH] ?? 0;
    const greeting = streamStart && seq === 0;
    if ((!greeting && seq !== 1) || length > MAX_SEEK_ANSWER_START) return 'no';
    if (!greeting && first > 0 && first < 0xfb) return plausibleColumnCount(bytes, at, length);
    const end = at + HEADER_LENGTH + length;
    if (bytes.length < end) return 'need-more';
    const payload = bytes.subarray(at + HEADER_LENGTH, end);
    // The greeting (protocol 10), or the ERR a server sends instead of one.
    if (greeting) return plausibleGreeting(payload) ? 'proven' : 'no';
    if (!plausibleAnswerPacket(payload)) return 'no';
    // After the first packet of an answer comes its second (seq 2) or the next answer (seq 1).
    return nextHeaderFits(bytes, at, length, (next) => next.seq === 1 || next.seq === 2);
  },
};

function plausibleGreeting(payload: Uint8Array): boolean {
  if (payload[0] === 0xff) return plausibleAnswerPacket(payload);
  const versionEnd = payload.indexOf(0, 1);
  return (
    greetingCapabilities(payload) !== undefined &&
    versionEnd > 1 &&
    looksLikeText(payload.subarray(1, versionEnd))
  );
}

/** A column count must be followed by a column definition (catalog "def", sequence 2). */
function plausibleColumnCount(bytes: Uint8Array, at: number, length: number): StartVerdict {
  if (length !== 1 && length !== 2) return 'no';
  const next = at + HEADER_LENGTH + length;
  if (bytes.length < next + HEADER_LENGTH + 4) return 'need-more';
  const def = next + HEADER_LENGTH;
  const catalogDef =
    bytes[def] === 3 &&
    bytes[def + 1] === 0x64 &&
    bytes[def + 2] === 0x65 &&
    bytes[def + 3] === 0x66;
  return readHeader(bytes, next).seq === 2 && catalogDef ? 'proven' : 'no';
}

/** OK, prepare-OK, ERR, EOF or LOCAL INFILE, checked field by field. */
function plausibleAnswerPacket(payload: Uint8Array): boolean {
  const r = new WireReader(payload, 1);
  switch (payload[0]) {
    case 0x00:
      if (payload.length === 12 || payload.length === 13) return payload[9] === 0; // prepare-OK
      return plausibleOk(r);
    case 0xfe:
      return payload.length === 5 || plausibleOk(r);
    case 0xff: {
      const code = r.uint(2) ?? 0;
      const state = payload.subarray(4, 9);
      return (
        code >= 1000 &&
        code < 10000 &&
        payload[3] === 0x23 &&
        looksLikeText(state) &&
        looksLikeText(payload.subarray(9))
      );
    }
    case 0xfb:
      return payload.length > 1 && looksLikeText(payload.subarray(1));
    default:
      return false;
  }
}

/** Affected rows, insert id, status flags (defined bits only), warnings, optional info text. */
function plausibleOk(r: WireReader): boolean {
  const affected = r.lenenc();
  const insertId = r.lenenc();
  const status = r.uint(2);
  const warnings = r.uint(2);
  if (
    affected === undefined ||
    insertId === undefined ||
    status === undefined ||
    warnings === undefined
  ) {
    return false;
  }
  // The info text may carry a length prefix (CLIENT_SESSION_TRACK).
  const info = r.rest();
  const text = info[0] === info.length - 1 ? info.subarray(1) : info;
  return status < 0x8000 && looksLikeText(text.subarray(0, 64));
}

/** Plausible while no next header is buffered; then proven or refuted by it. */
function nextHeaderFits(
  bytes: Uint8Array,
  at: number,
  length: number,
  fits: (next: { length: number; seq: number }) => boolean,
): StartVerdict {
  const next = at + HEADER_LENGTH + length;
  if (bytes.length < next + HEADER_LENGTH + 1) return 'plausible';
  return fits(readHeader(bytes, next)) ? 'proven' : 'no';
}
