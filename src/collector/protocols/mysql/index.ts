/**
 * MySQL (and MariaDB) over TCP: the mysql_events table.
 *
 * - req_cmd: the COM_* byte (3 Query, 22 StmtPrepare, 23 StmtExecute, 25 StmtClose, ...).
 * - req_body: the statement text (query attributes removed); for COM_STMT_EXECUTE Pixie's
 *   `query=[text with ?] params=[v1, v2]`, or `Execute stmt_id=N.` when the PREPARE was not
 *   seen; the database for COM_INIT_DB; empty for commands without text.
 * - resp_status: 0 unknown (the answer was cut short or made no sense), 1 none (close,
 *   send-long-data, quit), 2 OK, 3 error.
 * - resp_body: `Resultset rows = N` per result set (joined by ", "), the error as
 *   `ERROR 1146 (42S02): message` (Pixie keeps only the message; px keeps code and state),
 *   a status string (COM_STATISTICS), or empty.
 * - latency: ns from the command's last byte to the answer's last byte (Pixie's definition);
 *   the row's time is the answer's last byte.
 *
 * connection.ts pairs commands with answers; session.ts holds what they depend on.
 */
import type {
  Detection,
  ParserOptions,
  ProtocolConnection,
  ProtocolSpec,
} from '../common/types.js';
import { clientHello } from './capabilities.js';
import { isTextCommand, isValidCommand } from './commands.js';
import { MysqlConnection } from './connection.js';
import { HEADER_LENGTH, readHeader } from './packet-framer.js';
import { hasAttributePrefix } from './requests.js';
import { looksLikeText } from '../common/sql-text.js';

export { MysqlConnection } from './connection.js';

/**
 * Recognises the first bytes of either side: the server greeting, a client's handshake
 * response, or a command (for a connection first seen mid-stream). A command whose declared
 * length matches the bytes, with text that reads as text, is the strongest evidence.
 */
export function detectMysql(bytes: Uint8Array): Detection | null {
  if (bytes.length < HEADER_LENGTH + 1) return null;
  const { length, seq } = readHeader(bytes, 0);
  const payload = bytes.subarray(HEADER_LENGTH, HEADER_LENGTH + length);
  const whole = payload.length === length;
  const first = payload[0] ?? 0;
  if (seq === 0 && first === 10 && whole && length >= 30) {
    const versionEnd = payload.indexOf(0, 1);
    if (versionEnd > 1 && looksLikeText(payload.subarray(1, versionEnd))) {
      return { side: 'response', confidence: 0.9 };
    }
  }
  if (seq === 1 && whole && clientHello(payload)) return { side: 'request', confidence: 0.8 };
  if (seq !== 0 || !isValidCommand(first, length)) return null;
  if (isTextCommand(first)) {
    const text = hasAttributePrefix(payload) ? payload.subarray(3) : payload.subarray(1);
    if (!looksLikeText(text.subarray(0, 64))) return null;
    return { side: 'request', confidence: whole ? 0.8 : 0.5 };
  }
  return { side: 'request', confidence: whole ? 0.4 : 0.2 };
}

export const mysqlSpec: ProtocolSpec = {
  name: 'mysql',
  table: 'mysql_events',
  detect: detectMysql,
  createConnection(options: ParserOptions): ProtocolConnection {
    return new MysqlConnection(options);
  },
};
