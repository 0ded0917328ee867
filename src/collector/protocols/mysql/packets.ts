/** Classifies the generic server packets: OK, ERR, EOF, and the error text px shows. */
import { MIN_OK_LENGTH } from './capabilities.js';
import { MAX_PACKET_LENGTH, type MysqlPacket } from './packet-framer.js';
import { decodeUtf8 } from '../common/sql-text.js';
import { WireReader } from './wire-reader.js';

export const RESP_STATUS = { unknown: 0, none: 1, ok: 2, err: 3 } as const;
export type RespStatus = (typeof RESP_STATUS)[keyof typeof RESP_STATUS];

/** MariaDB reports progress of long statements as ERR packets with this code. */
const PROGRESS_REPORT_CODE = 0xffff;

export const firstByte = (p: MysqlPacket): number => p.payload[0] ?? -1;

export const isErr = (p: MysqlPacket): boolean => firstByte(p) === 0xff;

/** An EOF packet, not an OK packet with the 0xfe header. */
export const isEof = (p: MysqlPacket): boolean => firstByte(p) === 0xfe && p.length < MIN_OK_LENGTH;

/**
 * The end of a row sequence: EOF, or OK with the 0xfe header. A text row can start with 0xfe
 * only as an 8-byte length prefix, which needs a payload of 16 MiB or more.
 */
export const isRowsEnd = (p: MysqlPacket): boolean =>
  firstByte(p) === 0xfe && p.length < MAX_PACKET_LENGTH;

export function isProgressReport(p: MysqlPacket): boolean {
  return isErr(p) && new WireReader(p.payload, 1).uint(2) === PROGRESS_REPORT_CODE;
}

/**
 * resp_body of an ERR packet. Pixie keeps only the message; px keeps the code and SQL state
 * too, in the form the mysql client prints: `ERROR 1049 (42000): Unknown database 'abcd'`.
 */
export function errorText(payload: Uint8Array): string {
  const r = new WireReader(payload, 1);
  const code = r.uint(2);
  if (code === undefined) return 'ERROR';
  let state = '';
  if (payload[3] === 0x23 /* '#' */ && payload.length >= 9) {
    state = ` (${decodeUtf8(payload.subarray(4, 9))})`;
    r.offset = 9;
  }
  return `ERROR ${code}${state}: ${decodeUtf8(r.rest())}`;
}
