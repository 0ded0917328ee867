/**
 * PostgreSQL records from the public captures agree with tshark's dissection: one Query row
 * per simple query, with the command tags and errors tshark decoded in its resp; one Parse,
 * Bind, Describe and Execute row per extended-protocol message, Execute showing the statement
 * text its Bind named and the tag or error that ended it.
 *
 * Where px and tshark differ, px is right, for these reasons:
 * - the bare 'N' refusing an SSLRequest has no pgsql tree in tshark 4.0; px reads it and goes
 *   on with the startup (pgsql-ssl-rejected..., pgsql-select-now, greenhouse-app).
 * - pgsql-prepare-statement.pcap pairs a Parse/Describe/Sync with a BindComplete, "DELETE 0",
 *   ReadyForQuery that cannot answer it (the capture's notes say so). tshark dissects each
 *   message on its own; px, which pairs them, refuses: no rows, the strays counted.
 * - A statement prepared before the capture started (pgsql-all.pcap) has no text; px names it
 *   (`<unknown statement S_18>`) where tshark shows only the name.
 * - tshark displays a newline inside statement text as a space (greenhouse-app's multi-line
 *   queries) and UTF-8 text as replacement characters (pgsql-all's '小而美'); px keeps the
 *   text as sent, so texts are compared with newlines as spaces and non-ASCII left out.
 * - A resp longer than the body limit ends with the truncation marker, not the command tag.
 */
import { describe, expect, it } from 'vitest';
import { TRUNCATED_MARKER } from '../../src/collector/protocols/common/display-text.js';
import type { ProtocolRecord } from '../../src/collector/protocols/common/types.js';
import { pgsqlSpec } from '../../src/collector/protocols/pgsql/index.js';
import { loadExpectation, recordsByStream } from './fixtures.js';

interface TsharkMessage {
  readonly stream: number;
  readonly direction: 'frontend' | 'backend';
  readonly type: string;
  readonly query?: string;
  readonly statement?: string;
  readonly portal?: string;
  readonly tag?: string;
  readonly code?: string;
  readonly message?: string;
}

/** What ended a statement, in the text px shows. */
const outcome = (m: TsharkMessage): string | undefined =>
  m.type === 'Command completion'
    ? m.tag
    : m.type === 'Error'
      ? `Code=${m.code ?? ''} Message=${m.message ?? ''}`
      : undefined;

/** Query rows tshark implies: each simple query answered by at least a tag or an error. */
function expectedQueries(
  messages: readonly TsharkMessage[],
): { req: string; outcomes: string[] }[] {
  const out: { req: string; outcomes: string[] }[] = [];
  for (const m of messages) {
    if (m.direction === 'frontend' && m.type === 'Simple query')
      out.push({ req: m.query ?? '', outcomes: [] });
    const ended = m.direction === 'backend' ? outcome(m) : undefined;
    if (ended !== undefined) out.at(-1)?.outcomes.push(ended);
  }
  return out.filter((q) => q.outcomes.length > 0);
}

/** Execute rows tshark implies: the statement text each Bind named, and the outcome. */
function expectedExecutes(
  messages: readonly TsharkMessage[],
): { query: string; outcome: string }[] {
  const statements = new Map<string, string>();
  const portals = new Map<string, string>();
  const executes: string[] = [];
  const outcomes: string[] = [];
  for (const m of messages) {
    if (m.type === 'Parse') statements.set(m.statement ?? '', m.query ?? '');
    if (m.type === 'Bind') {
      const name = m.statement ?? '';
      const text =
        statements.get(name) ??
        (name === '' ? '<unknown unnamed statement>' : `<unknown statement ${name}>`);
      portals.set(m.portal ?? '', text);
    }
    if (m.type === 'Execute') executes.push(portals.get(m.portal ?? '') ?? '');
    const ended = m.direction === 'backend' ? outcome(m) : undefined;
    if (ended !== undefined) outcomes.push(ended);
  }
  return executes.map((query, i) => ({ query, outcome: outcomes[i] ?? '' }));
}

/** Text as both tools can agree on it: line breaks and tabs as spaces, non-ASCII left out. */
const asDisplayed = (text: unknown): string =>
  String(text)
    .replace(/[\t\r\n]/g, ' ')
    .replace(/[^\x20-\x7e]/g, '');

/** The resp holds `part`, unless the body limit cut it off before. */
function expectResp(resp: unknown, part: string): void {
  const text = String(resp);
  if (text.endsWith(TRUNCATED_MARKER)) return;
  expect(text).toContain(part);
}

/** The text (newlines as spaces) starts with `prefix`, or is a truncated beginning of it. */
function expectStart(value: unknown, prefix: string): void {
  const text = asDisplayed(value);
  const kept = text.endsWith(TRUNCATED_MARKER) ? text.slice(0, -TRUNCATED_MARKER.length) : text;
  const want = asDisplayed(prefix);
  expect(kept.startsWith(want) || want.startsWith(kept), `${text} starts ${want}`).toBe(true);
}

function check(
  file: string,
  records: Map<number, ProtocolRecord[]>,
  messages: readonly TsharkMessage[],
): void {
  for (const [stream, rows] of records) {
    const own = messages.filter((m) => m.stream === stream);
    const values = rows.map((r) => r.values);
    const queries = values.filter((v) => v['req_cmd'] === 'Query');
    const wanted = expectedQueries(own);
    expect(
      queries.map((q) => asDisplayed(q['req'])),
      `${file} stream ${stream}`,
    ).toEqual(wanted.map((q) => q.req));
    wanted.forEach((q, i) => {
      for (const ended of q.outcomes) expectResp(queries[i]?.['resp'], ended);
    });
    const executes = values.filter((v) => v['req_cmd'] === 'Execute');
    const implied = expectedExecutes(own);
    expect(executes.length, `${file} stream ${stream} executes`).toBe(implied.length);
    implied.forEach((e, i) => {
      expectStart(executes[i]?.['req'], `query=[${e.query}] params=[`);
      expectResp(executes[i]?.['resp'], e.outcome);
    });
    const count = (type: string): number => own.filter((m) => m.type === type).length;
    for (const [cmd, type] of [
      ['Parse', 'Parse'],
      ['Bind', 'Bind'],
      ['Describe', 'Describe'],
    ] as const) {
      expect(
        values.filter((v) => v['req_cmd'] === cmd).length,
        `${file} stream ${stream} ${cmd}`,
      ).toBe(count(type));
    }
  }
}

const FILES = [
  'deepflow/pgsql-all.pcap',
  'deepflow/pgsql-error.pcap',
  'deepflow/pgsql-simple-query.pcap',
  'suricata-verify/pgsql-cancel-request.pcap',
  'suricata-verify/pgsql-jdbc-5524.pcap',
  'suricata-verify/pgsql-simple-query-rollback.pcap',
  'suricata-verify/pgsql-ssl-rejected-md5-auth-simple-query.pcap',
  'zeek/pgsql-create-insert-select-delete-drop.pcap',
  'zeek/pgsql-greenhouse-app.pcap',
  'zeek/pgsql-insert-fail-drop-fail.pcap',
  'zeek/pgsql-select-now.pcap',
];

describe('PostgreSQL captures agree with tshark', () => {
  it.each(FILES)('%s', (file) => {
    const expectation = loadExpectation<TsharkMessage>(file);
    const records = recordsByStream(file, pgsqlSpec, expectation.ports.server[0] ?? 5432);
    expect(records.size).toBeGreaterThan(0);
    check(file, records, expectation.records);
    expect([...records.values()].flat().length).toBeGreaterThan(0);
  });

  it('refuses to pair a reply that cannot answer the request (pgsql-prepare-statement.pcap)', () => {
    const records = recordsByStream('deepflow/pgsql-prepare-statement.pcap', pgsqlSpec, 5432);
    expect(records.get(0)).toEqual([]);
  });

  it('shows the bound parameters and the rows of JDBC-style named statements (pgsql-all.pcap)', () => {
    const rows = recordsByStream('deepflow/pgsql-all.pcap', pgsqlSpec, 8000).get(0) ?? [];
    expect(
      rows.slice(0, 6).map((r) => [r.values['req_cmd'], r.values['req'], r.values['resp']]),
    ).toEqual([
      ['Parse', "SELECT 'x'", 'PARSE COMPLETE'],
      ['Bind', 'portal= statement= parameters=[] result_format_codes=[]', 'BIND COMPLETE'],
      [
        'Describe',
        'type=kPortal name=',
        'ROW DESCRIPTION [name=?column? table_oid=0 attr_num=0 type_oid=25 type_size=-1 type_modifier=-1 fmt_code=kText]',
      ],
      ['Execute', "query=[SELECT 'x'] params=[]", 'x\nSELECT 1'],
      [
        'Bind',
        'portal= statement=S_18 parameters=[[format=kText value=IOE-BD-2025325], [format=kText value=1], [format=kText value=0]] result_format_codes=[]',
        'BIND COMPLETE',
      ],
      [
        'Execute',
        'query=[<unknown statement S_18>] params=[IOE-BD-2025325, 1, 0]',
        expect.stringMatching(/^140177,IOE-BD-2025325,/),
      ],
    ]);
  });
});
