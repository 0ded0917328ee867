/**
 * Builders of PostgreSQL protocol-3 messages for tests, frontend and backend, each returning
 * the framed bytes (tag, big-endian length, payload).
 */
import { concat, enc } from './mysql-wire.js';

export { concat, enc };

export function be(value: number, size: 2 | 4): Uint8Array {
  const out = new Uint8Array(size);
  if (size === 2) new DataView(out.buffer).setInt16(0, value);
  else new DataView(out.buffer).setInt32(0, value);
  return out;
}

export const cstr = (text: string): Uint8Array => enc.encode(`${text}\0`);

export function message(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const payload = concat(...parts);
  return concat(enc.encode(tag), be(payload.length + 4, 4), payload);
}

// Frontend ------------------------------------------------------------------------------------

export const sslRequest = (): Uint8Array => concat(be(8, 4), be(80877103, 4));
export const gssRequest = (): Uint8Array => concat(be(8, 4), be(80877104, 4));
export const cancelRequest = (pid: number, key: number): Uint8Array =>
  concat(be(16, 4), be(80877102, 4), be(pid, 4), be(key, 4));

export function startup(params: Record<string, string>): Uint8Array {
  const body = concat(
    be(0x00030000, 4),
    ...Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]),
    new Uint8Array(1),
  );
  return concat(be(body.length + 4, 4), body);
}

export const password = (text: string): Uint8Array => message('p', cstr(text));
export const query = (text: string): Uint8Array => message('Q', cstr(text));
export const parse = (name: string, sql: string, oids: number[] = []): Uint8Array =>
  message('P', cstr(name), cstr(sql), be(oids.length, 2), ...oids.map((o) => be(o, 4)));

export interface Param {
  readonly format?: 0 | 1;
  readonly value: string | Uint8Array | null;
}

export function bind(
  portal: string,
  statement: string,
  params: Param[],
  resultFormats: number[] = [],
): Uint8Array {
  const values = params.map((p) => {
    if (p.value === null) return be(-1, 4);
    const bytes = typeof p.value === 'string' ? enc.encode(p.value) : p.value;
    return concat(be(bytes.length, 4), bytes);
  });
  return message(
    'B',
    cstr(portal),
    cstr(statement),
    be(params.length, 2),
    ...params.map((p) => be(p.format ?? 0, 2)),
    be(params.length, 2),
    ...values,
    be(resultFormats.length, 2),
    ...resultFormats.map((f) => be(f, 2)),
  );
}

export const describe = (type: 'S' | 'P', name: string): Uint8Array =>
  message('D', enc.encode(type), cstr(name));
export const close = (type: 'S' | 'P', name: string): Uint8Array =>
  message('C', enc.encode(type), cstr(name));
export const execute = (portal: string, maxRows = 0): Uint8Array =>
  message('E', cstr(portal), be(maxRows, 4));
export const sync = (): Uint8Array => message('S');
export const flush = (): Uint8Array => message('H');
export const terminate = (): Uint8Array => message('X');
export const copyData = (text: string): Uint8Array => message('d', enc.encode(text));
export const copyDone = (): Uint8Array => message('c');

// Backend -------------------------------------------------------------------------------------

export const authOk = (): Uint8Array => message('R', be(0, 4));
export const authMd5 = (): Uint8Array => message('R', be(5, 4), Uint8Array.of(1, 2, 3, 4));
export const authSasl = (): Uint8Array =>
  message('R', be(10, 4), cstr('SCRAM-SHA-256'), new Uint8Array(1));
export const authSaslContinue = (data: string): Uint8Array =>
  message('R', be(11, 4), enc.encode(data));
export const authSaslFinal = (data: string): Uint8Array =>
  message('R', be(12, 4), enc.encode(data));
export const parameterStatus = (k: string, v: string): Uint8Array => message('S', cstr(k), cstr(v));
export const backendKey = (pid: number, key: number): Uint8Array =>
  message('K', be(pid, 4), be(key, 4));
export const ready = (status: 'I' | 'T' | 'E' = 'I'): Uint8Array =>
  message('Z', enc.encode(status));

export interface FieldSpec {
  readonly name: string;
  readonly typeOid?: number;
  readonly format?: 0 | 1;
}

export const rowDescription = (fields: FieldSpec[]): Uint8Array =>
  message(
    'T',
    be(fields.length, 2),
    ...fields.map((f, i) =>
      concat(
        cstr(f.name),
        be(16384, 4),
        be(i + 1, 2),
        be(f.typeOid ?? 25, 4),
        be(-1, 2),
        be(-1, 4),
        be(f.format ?? 0, 2),
      ),
    ),
  );

export const dataRow = (values: (string | Uint8Array | null)[]): Uint8Array =>
  message(
    'D',
    be(values.length, 2),
    ...values.map((v) => {
      if (v === null) return be(-1, 4);
      const bytes = typeof v === 'string' ? enc.encode(v) : v;
      return concat(be(bytes.length, 4), bytes);
    }),
  );

export const commandComplete = (tag: string): Uint8Array => message('C', cstr(tag));

const fieldsPayload = (fields: [string, string][]): Uint8Array =>
  concat(
    ...fields.map(([code, value]) => concat(enc.encode(code), cstr(value))),
    new Uint8Array(1),
  );

export const errorResponse = (code: string, text: string): Uint8Array =>
  message(
    'E',
    fieldsPayload([
      ['S', 'ERROR'],
      ['V', 'ERROR'],
      ['C', code],
      ['M', text],
    ]),
  );

export const notice = (text: string): Uint8Array =>
  message(
    'N',
    fieldsPayload([
      ['S', 'NOTICE'],
      ['C', '00000'],
      ['M', text],
    ]),
  );
export const notification = (channel: string, text: string): Uint8Array =>
  message('A', be(1, 4), cstr(channel), cstr(text));
export const emptyQuery = (): Uint8Array => message('I');
export const parseComplete = (): Uint8Array => message('1');
export const bindComplete = (): Uint8Array => message('2');
export const closeComplete = (): Uint8Array => message('3');
export const noData = (): Uint8Array => message('n');
export const portalSuspended = (): Uint8Array => message('s');
export const parameterDescription = (oids: number[]): Uint8Array =>
  message('t', be(oids.length, 2), ...oids.map((o) => be(o, 4)));
export const copyInResponse = (): Uint8Array => message('G', Uint8Array.of(0), be(0, 2));
export const copyOutResponse = (): Uint8Array => message('H', Uint8Array.of(0), be(0, 2));
