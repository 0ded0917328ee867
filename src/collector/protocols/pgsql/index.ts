/**
 * PostgreSQL over TCP (protocol 3): the pgsql_events table, with Pixie's rows and strings.
 *
 * - One row per Query, Parse, Bind, Describe and Execute; req_cmd is that name. Sync, Close,
 *   Flush, Terminate, the startup phase and authentication make none.
 * - req: the SQL for Query and Parse; `portal= statement= parameters=[[format=kText value=x]]
 *   result_format_codes=[]` for Bind; `type=kStatement name=` for Describe; `query=[SQL with
 *   $1] params=[x]` for Execute (`<unknown statement S_1>` when its Parse was not seen).
 * - resp: result rows as a `col1,col2` header (Query only), CSV rows (NULL as [NULL]) and the
 *   command tag, one block per statement; `PARSE COMPLETE`, `BIND COMPLETE`, `ROW DESCRIPTION
 *   [...]`; errors as `ERROR RESPONSE [Severity=ERROR ... Code=42P01 Message=...]`.
 * - latency: ns from the request's last byte to its answer's last message (ReadyForQuery for
 *   a Query); the row's time is that answer's time.
 *
 * connection.ts handles the startup phase, stitcher.ts pairs, answers.ts makes the rows.
 */
import { u32At } from '../common/bytes-at.js';
import type {
  Detection,
  ParserOptions,
  ProtocolConnection,
  ProtocolSpec,
} from '../common/types.js';
import { looksLikeText } from '../common/sql-text.js';
import { PgsqlConnection } from './connection.js';
import { BE, FE, isKnownMessage } from './messages.js';

export { PgsqlConnection } from './connection.js';

const UNTAGGED_CODES: ReadonlySet<number> = new Set([80877103, 80877104, 80877102]);

/**
 * Recognises the first bytes of either side: the client's StartupMessage or SSL/GSS/Cancel
 * request, a Query or Parse (a connection first seen mid-stream), the server's authentication
 * request, or another backend message whose length matches the bytes.
 */
export function detectPgsql(bytes: Uint8Array): Detection | null {
  if (bytes.length >= 8 && bytes[0] === 0) {
    const length = u32At(bytes, 0);
    const code = u32At(bytes, 4);
    if ((length === 8 || length === 16) && UNTAGGED_CODES.has(code))
      return { side: 'request', confidence: 0.9 };
    if (code === 0x00030000 && length >= 8 && length <= 10000)
      return { side: 'request', confidence: 0.95 };
    return null;
  }
  if (bytes.length < 5) return null;
  const tag = bytes[0] ?? 0;
  const length = u32At(bytes, 1) - 4;
  const whole = bytes.length >= 5 + length;
  if (tag === FE.query && isKnownMessage('frontend', tag, length)) {
    const text = bytes.subarray(5, Math.min(bytes.length, 5 + length) - (whole ? 1 : 0));
    if (looksLikeText(text.subarray(0, 64)) && (!whole || bytes[4 + length] === 0)) {
      return { side: 'request', confidence: whole ? 0.8 : 0.5 };
    }
    return null;
  }
  if (tag === BE.auth && whole && length >= 4 && length <= 1024)
    return { side: 'response', confidence: 0.7 };
  if (tag === FE.parse && whole && isKnownMessage('frontend', tag, length) && length >= 4) {
    return { side: 'request', confidence: 0.5 };
  }
  return null;
}

export const pgsqlSpec: ProtocolSpec = {
  name: 'pgsql',
  table: 'pgsql_events',
  detect: detectPgsql,
  createConnection(options: ParserOptions): ProtocolConnection {
    return new PgsqlConnection(options);
  },
};
