/**
 * MySQL command bytes (COM_*), the payload length each may have, and the shape of the response
 * each gets. The lengths follow the protocol documentation and reject the internal commands a
 * client never sends, which keeps misclassified streams from passing as MySQL.
 */
import { MAX_PACKET_LENGTH } from './packet-framer.js';

export const COM = {
  quit: 0x01,
  initDb: 0x02,
  query: 0x03,
  fieldList: 0x04,
  createDb: 0x05,
  dropDb: 0x06,
  refresh: 0x07,
  shutdown: 0x08,
  statistics: 0x09,
  processInfo: 0x0a,
  connect: 0x0b,
  processKill: 0x0c,
  debug: 0x0d,
  ping: 0x0e,
  changeUser: 0x11,
  binlogDump: 0x12,
  tableDump: 0x13,
  registerSlave: 0x15,
  stmtPrepare: 0x16,
  stmtExecute: 0x17,
  stmtSendLongData: 0x18,
  stmtClose: 0x19,
  stmtReset: 0x1a,
  setOption: 0x1b,
  stmtFetch: 0x1c,
  binlogDumpGtid: 0x1e,
  resetConnection: 0x1f,
} as const;

/**
 * How the server answers a command:
 * - none: no answer (close, send-long-data; quit, whose "answer" is the socket closing);
 * - single: one OK, ERR or EOF packet (or a status string, for statistics);
 * - text-results / binary-results: OK, ERR, or result sets (text rows or binary rows);
 * - prepare: a prepare-OK with parameter and column definitions, or ERR;
 * - rows: binary rows then EOF (a cursor fetch);
 * - field-list: column definitions then EOF;
 * - auth: an authentication exchange ending in OK or ERR (change-user);
 * - open-ended: a stream with no known end (replication); it ends with the next exchange.
 */
export type ResponseShape =
  | 'none'
  | 'single'
  | 'text-results'
  | 'binary-results'
  | 'prepare'
  | 'rows'
  | 'field-list'
  | 'auth'
  | 'open-ended';

interface CommandRule {
  readonly min: number;
  readonly max: number;
  readonly shape: ResponseShape;
  /** The payload after the command byte is text that req_body shows. */
  readonly text: boolean;
}

const ANY = MAX_PACKET_LENGTH;

function rule(min: number, max: number, shape: ResponseShape, text = false): CommandRule {
  return { min, max, shape, text };
}

const RULES: ReadonlyMap<number, CommandRule> = new Map([
  [COM.quit, rule(1, 1, 'none')],
  [COM.initDb, rule(1, ANY, 'single', true)],
  [COM.query, rule(1, ANY, 'text-results', true)],
  [COM.fieldList, rule(2, ANY, 'field-list', true)],
  [COM.createDb, rule(1, ANY, 'single', true)],
  [COM.dropDb, rule(1, ANY, 'single', true)],
  [COM.refresh, rule(2, 2, 'single')],
  [COM.shutdown, rule(1, 2, 'single')],
  [COM.statistics, rule(1, 1, 'single')],
  [COM.processInfo, rule(1, 1, 'text-results')],
  [COM.connect, rule(1, 1, 'open-ended')],
  [COM.processKill, rule(1, 5, 'single')],
  [COM.debug, rule(1, 1, 'single')],
  [COM.ping, rule(1, 1, 'single')],
  [COM.changeUser, rule(4, ANY, 'auth')],
  [COM.binlogDump, rule(11, ANY, 'open-ended')],
  [COM.tableDump, rule(3, ANY, 'open-ended')],
  [COM.registerSlave, rule(18, ANY, 'single')],
  [COM.stmtPrepare, rule(1, ANY, 'prepare', true)],
  [COM.stmtExecute, rule(10, ANY, 'binary-results')],
  [COM.stmtSendLongData, rule(7, ANY, 'none')],
  [COM.stmtClose, rule(5, 5, 'none')],
  [COM.stmtReset, rule(5, 5, 'single')],
  [COM.setOption, rule(3, 3, 'single')],
  [COM.stmtFetch, rule(9, 9, 'rows')],
  [COM.binlogDumpGtid, rule(19, ANY, 'open-ended')],
  [COM.resetConnection, rule(1, 1, 'single')],
]);

/** Whether `payloadLength` bytes starting with `command` can be that command. */
export function isValidCommand(command: number, payloadLength: number): boolean {
  const r = RULES.get(command);
  return r !== undefined && payloadLength >= r.min && payloadLength <= r.max;
}

export function responseShape(command: number): ResponseShape {
  return RULES.get(command)?.shape ?? 'open-ended';
}

export function isTextCommand(command: number): boolean {
  return RULES.get(command)?.text ?? false;
}
