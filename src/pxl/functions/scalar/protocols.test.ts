import { describe, expect, it } from 'vitest';
import { MYSQL_COMMANDS } from '../../../store/index.js';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { binary, call, col, int, str } from '../../plan/expr.js';

const rows = requestRows(60);
const store = storeWith(rows);

/** Written out from RFC 1035 §4.1.1 and RFC 2136 §2.2, apart from the implementation. */
const FIRST_RCODES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
];
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  404: 'Not Found',
  500: 'Internal Server Error',
};
const PROTOCOLS = ['Unknown', 'HTTP', 'HTTP2', 'MySQL', 'CQL', 'PGSQL', 'DNS', 'Redis'];

const one = (expr: Parameters<typeof evaluate>[1]) => evaluate(store, expr).values[0];

describe('protocol code names', () => {
  it('dns_rcode_name names each row’s rcode, and unknown codes by number', () => {
    const rcode = binary('%', col('status'), int(7));
    expect(evaluate(store, call('dns_rcode_name', rcode)).values).toEqual(
      rows.map((r) => FIRST_RCODES[r.status % 7]),
    );
    expect(one(call('dns_rcode_name', int(23)))).toBe('BADCOOKIE');
    expect(one(call('dns_rcode_name', int(16)))).toBe('BADVERS');
    expect(one(call('dns_rcode_name', int(9999)))).toBe('9999');
  });

  it('http_resp_message gives the reason phrase, typed ST_HTTP_RESP_MESSAGE', () => {
    const result = evaluate(store, call('http_resp_message', col('status')));
    expect(result.values).toEqual(rows.map((r) => REASONS[r.status]));
    expect(result.field.semantic).toBe('ST_HTTP_RESP_MESSAGE');
    expect(one(call('http_resp_message', int(299)))).toBe('');
  });

  it('mysql_command_name agrees with the mysql_events schema for every named command', () => {
    for (const [code, name] of Object.entries(MYSQL_COMMANDS)) {
      expect(one(call('mysql_command_name', int(Number(code))))).toBe(name);
    }
    expect(one(call('mysql_command_name', int(0)))).toBe('Sleep');
    expect(one(call('mysql_command_name', int(200)))).toBe('200');
  });

  it('protocol_name names conn_stats protocol codes', () => {
    const code = binary('%', col('status'), int(8));
    expect(evaluate(store, call('protocol_name', code)).values).toEqual(
      rows.map((r) => PROTOCOLS[r.status % 8]),
    );
    expect(one(call('protocol_name', int(13)))).toBe('TLS');
    expect(one(call('protocol_name', int(-1)))).toBe('-1');
  });

  it('refuses a string code', () => {
    expect(() => evaluate(store, call('dns_rcode_name', str('3')))).toThrow(
      'px.dns_rcode_name takes (INT64), got (STRING)',
    );
  });
});

describe('SQL normalization through the engine', () => {
  it('normalize_mysql on a column with a constant command uses each distinct text once', () => {
    const body = binary('+', str("SELECT * FROM t WHERE s = '"), col('service'));
    const quoted = binary('+', body, str("' AND n > 10"));
    const result = evaluate(store, call('normalize_mysql', quoted, int(3)));
    expect(result.values).toEqual(
      rows.map(
        (r) => `{"query":"SELECT * FROM t WHERE s = ? AND n > ?","params":["${r.service}","10"]}`,
      ),
    );
  });

  it('normalize_pgsql with a column command', () => {
    const cmd = binary(
      '+',
      str('Que'),
      call('substring', str('ry'), int(0), binary('%', col('status'), int(3))),
    );
    const result = evaluate(store, call('normalize_pgsql', str('SELECT 1'), cmd));
    expect(result.values).toEqual(
      rows.map((r) =>
        r.status % 3 === 2
          ? '{"query":"SELECT $1","params":["1"]}'
          : `{"error":"cmd must be 'Query' or 'Execute'"}`,
      ),
    );
  });
});
