/**
 * Capability flags from the connection phase. They decide two wire details the command phase
 * cannot show by itself: whether COM_QUERY and COM_STMT_EXECUTE carry query attributes, and
 * whether result sets end with EOF or OK packets. A connection joined mid-stream has neither,
 * and the decoders fall back to reading the bytes.
 */
import { WireReader } from './wire-reader.js';

export const CAP = {
  protocol41: 1 << 9,
  ssl: 1 << 11,
  deprecateEof: 1 << 24,
  optionalMetadata: 1 << 25,
  queryAttributes: 1 << 27,
} as const;

export const SERVER_STATUS = {
  moreResultsExist: 0x0008,
  cursorExists: 0x0040,
} as const;

/** Capabilities the server offers in its greeting (protocol 10), or undefined. */
export function greetingCapabilities(payload: Uint8Array): number | undefined {
  const r = new WireReader(payload);
  if (r.u8() !== 10 || r.cstring() === undefined) return undefined;
  r.take(4 + 8 + 1); // connection id, first scramble part, filler
  const low = r.uint(2);
  if (low === undefined) return undefined;
  r.take(1 + 2); // character set, status flags
  const high = r.uint(2) ?? 0;
  return (low | (high << 16)) >>> 0;
}

export interface ClientHello {
  readonly capabilities: number;
  /** The client asked for TLS: everything after this packet is encrypted. */
  readonly startsTls: boolean;
}

/**
 * Reads the client's HandshakeResponse41 (or the SSLRequest that precedes it under TLS);
 * undefined when the packet is not one. Pre-4.1 clients are not supported.
 */
export function clientHello(payload: Uint8Array): ClientHello | undefined {
  const r = new WireReader(payload);
  const capabilities = r.uint(4);
  if (capabilities === undefined || (capabilities & CAP.protocol41) === 0 || payload.length < 32) {
    return undefined;
  }
  // MySQL leaves the 23 filler bytes zero; MariaDB may use the last four for its own flags.
  for (let i = 9; i < 28; i++) if (payload[i] !== 0) return undefined;
  const startsTls = (capabilities & CAP.ssl) !== 0 && payload.length === 32;
  return { capabilities, startsTls };
}

/** Longer 0xfe packets are OK packets (CLIENT_DEPRECATE_EOF); an EOF has 1 or 5 bytes. */
export const MIN_OK_LENGTH = 7;

/** The status flags of an OK or EOF packet ("more results", "cursor exists"). */
export function packetStatusFlags(payload: Uint8Array): number {
  const r = new WireReader(payload, 1);
  if (payload[0] === 0xfe && payload.length < MIN_OK_LENGTH) {
    r.take(2); // warnings
    return r.uint(2) ?? 0;
  }
  const affectedRows = r.lenenc();
  const lastInsertId = r.lenenc();
  if (affectedRows === undefined || lastInsertId === undefined) return 0;
  return r.uint(2) ?? 0;
}
