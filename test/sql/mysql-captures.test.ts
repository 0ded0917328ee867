/**
 * MySQL records from the public captures agree with tshark's dissection (the *.expected.json
 * next to each capture): the same commands in the same order, the same statement text, and
 * the same outcome (OK, error code and message, row counts).
 *
 * Where px and tshark differ, the difference is deliberate:
 * - a command whose answer is not in the capture (mysql-statement.pcap, the capture ends or
 *   starts mid-way) gets no row in px: Pixie too only emits paired commands. COM_QUIT and
 *   COM_STMT_CLOSE never get an answer and make rows with resp_status 1 (none).
 * - the login exchange makes no rows; tshark lists it. AuthMoreData packets that tshark 4.0
 *   calls "Auth Switch Request" or "unknown" are simply skipped.
 * - resp_body of an ERR carries the code and SQL state, in the mysql client's form.
 */
import { describe, expect, it } from 'vitest';
import { mysqlSpec } from '../../src/collector/protocols/mysql/index.js';
import { loadExpectation, recordsByStream } from './fixtures.js';

interface TsharkResponse {
  readonly kind?: string;
  readonly rows?: number;
  readonly error_code?: string;
  readonly sqlstate?: string;
  readonly error_message?: string;
  readonly stmt_id?: string;
}

interface TsharkRecord {
  readonly stream: number;
  readonly record: string;
  readonly command_code?: number;
  readonly query?: string;
  readonly schema?: string;
  readonly stmt_id?: string;
  readonly response?: TsharkResponse | null;
}

const NO_ANSWER_EVER = new Set([0x01, 0x18, 0x19]);

/** What px should show for one command tshark saw, or null when px makes no row for it. */
function expectedRow(
  rec: TsharkRecord,
  statements: Map<string, string>,
): Record<string, unknown> | null {
  const code = rec.command_code ?? -1;
  const row: Record<string, unknown> = { req_cmd: code };
  if (code === 0x03 || code === 0x16) row['req_body'] = rec.query;
  if (code === 0x02) row['req_body'] = rec.schema;
  if (code === 0x17) {
    const text = statements.get(rec.stmt_id ?? '');
    row['req_body'] =
      text === undefined
        ? `Execute stmt_id=${rec.stmt_id ?? ''}.`
        : expect.stringMatching(`^query=\\[${escape(text)}\\] params=\\[`);
  }
  const response = rec.response;
  if (!response) {
    if (!NO_ANSWER_EVER.has(code)) return null;
    return { ...row, req_body: '', resp_status: 1, resp_body: '' };
  }
  if (response.kind === 'ERR') {
    row['resp_status'] = 3;
    row['resp_body'] =
      `ERROR ${response.error_code ?? ''} (${response.sqlstate ?? ''}): ${response.error_message ?? ''}`;
  } else {
    row['resp_status'] = 2;
    if (response.kind === 'result set') row['resp_body'] = `Resultset rows = ${response.rows ?? 0}`;
    if (response.kind === 'OK' || response.kind === 'prepare OK') row['resp_body'] = '';
  }
  return row;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const FILES = [
  'deepflow/mysql-error.pcap',
  'deepflow/mysql-exec.pcap',
  'deepflow/mysql-statement.pcap',
  'zeek/mysql-auth.pcap',
  'zeek/mysql-basic.pcap',
  'zeek/mysql-caching-sha2-auth-switch.pcapng',
  'zeek/mysql-query-attr.pcap',
  'zeek/mysql-selects-new-proto.pcap',
];

describe('MySQL captures agree with tshark', () => {
  it.each(FILES)('%s', (file) => {
    const expectation = loadExpectation<TsharkRecord>(file);
    const port = expectation.ports.server[0] ?? 3306;
    const px = recordsByStream(file, mysqlSpec, port);
    const statements = new Map<string, string>();
    const expected = new Map<number, Record<string, unknown>[]>();
    for (const rec of expectation.records) {
      if (rec.record !== 'command') continue;
      if (rec.command_code === 0x16 && rec.response?.stmt_id !== undefined) {
        statements.set(rec.response.stmt_id, rec.query ?? '');
      }
      const row = expectedRow(rec, statements);
      if (row) expected.set(rec.stream, [...(expected.get(rec.stream) ?? []), row]);
    }
    expect(px.size).toBeGreaterThan(0);
    for (const [stream, records] of px) {
      expect(
        records.map((r) => r.values),
        `stream ${stream}`,
      ).toMatchObject(expected.get(stream) ?? []);
    }
  });

  it('decodes EXECUTE parameters tshark shows only as bytes (mysql-statement.pcap)', () => {
    const px = recordsByStream('deepflow/mysql-statement.pcap', mysqlSpec, 30130);
    const executes = (px.get(10) ?? [])
      .filter((r) => r.values['req_cmd'] === 0x17)
      .map((r) => r.values['req_body']);
    expect(executes).toEqual([
      'query=[SELECT * FROM `controller` WHERE name = ?] params=[deepflow-server-0]',
      'query=[SELECT * FROM `domain` WHERE enabled = ? AND controller_ip = ?] params=[1, 10.33.40.162]',
    ]);
  });

  it('strips MySQL 8 query attributes from COM_QUERY (a hole in Pixie)', () => {
    const px = recordsByStream('zeek/mysql-query-attr.pcap', mysqlSpec, 3306);
    // The second query carries two attributes (n1=v1, n2=v2) before its text.
    expect((px.get(0) ?? []).map((r) => r.values['req_body'])).toEqual([
      'select @@version_comment limit 1',
      'select now()',
      'select now()',
    ]);
  });
});
