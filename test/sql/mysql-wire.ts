/**
 * Builders of MySQL wire bytes for tests: packets, the generic OK/ERR/EOF packets, result sets,
 * prepared-statement messages and the connection phase. Each returns the framed bytes of one
 * side, so tests can concatenate them and cut them anywhere.
 */

export const enc = new TextEncoder();

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

export function le(value: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = value;
  for (let i = 0; i < size; i++) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

export function lenenc(value: number): Uint8Array {
  if (value < 0xfb) return bytes(value);
  if (value < 0x10000) return concat(bytes(0xfc), le(value, 2));
  if (value < 0x1000000) return concat(bytes(0xfd), le(value, 3));
  return concat(bytes(0xfe), le(value, 8));
}

export const lenencString = (text: string | Uint8Array): Uint8Array => {
  const b = typeof text === 'string' ? enc.encode(text) : text;
  return concat(lenenc(b.length), b);
};

/** One wire packet; payloads of 2^24-1 bytes or more are split as the protocol does. */
export function packet(seq: number, payload: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let rest = payload;
  let s = seq;
  for (;;) {
    const piece = rest.subarray(0, 0xffffff);
    parts.push(le(piece.length, 3), bytes(s & 0xff), piece);
    rest = rest.subarray(piece.length);
    s++;
    if (piece.length < 0xffffff) break;
  }
  return concat(...parts);
}

/** Packets with consecutive sequence ids from `firstSeq`. */
export function packets(firstSeq: number, ...payloads: Uint8Array[]): Uint8Array {
  return concat(...payloads.map((p, i) => packet(firstSeq + i, p)));
}

export const command = (code: number, body: string | Uint8Array = ''): Uint8Array =>
  packet(0, concat(bytes(code), typeof body === 'string' ? enc.encode(body) : body));

export const okPayload = (status = 0x0002, affected = 0, header = 0x00): Uint8Array =>
  concat(bytes(header), lenenc(affected), lenenc(0), le(status, 2), le(0, 2));

export const errPayload = (code: number, state: string, message: string): Uint8Array =>
  concat(bytes(0xff), le(code, 2), enc.encode(`#${state}${message}`));

export const eofPayload = (status = 0x0002): Uint8Array =>
  concat(bytes(0xfe), le(0, 2), le(status, 2));

export function columnDef(name: string, type = 0xfd): Uint8Array {
  return concat(
    lenencString('def'),
    lenencString('db'),
    lenencString('t'),
    lenencString('t'),
    lenencString(name),
    lenencString(name),
    bytes(0x0c),
    le(33, 2),
    le(255, 4),
    bytes(type),
    le(0, 2),
    bytes(0),
    le(0, 2),
  );
}

export const textRow = (...values: (string | null)[]): Uint8Array =>
  concat(...values.map((v) => (v === null ? bytes(0xfb) : lenencString(v))));

export interface ResultSetOptions {
  readonly deprecateEof?: boolean;
  readonly status?: number;
  readonly binary?: boolean;
}

/** Payloads of a result set: count, definitions, [EOF], rows, EOF (or OK with 0xfe). */
export function resultSet(
  columns: string[],
  rows: Uint8Array[],
  opts: ResultSetOptions = {},
): Uint8Array[] {
  const status = opts.status ?? 0x0002;
  const out = [lenenc(columns.length), ...columns.map((c) => columnDef(c))];
  if (opts.deprecateEof !== true) out.push(eofPayload());
  out.push(...rows);
  out.push(opts.deprecateEof === true ? okPayload(status, 0, 0xfe) : eofPayload(status));
  return out;
}

/** A binary-protocol row: 0x00 header, a NULL bitmap (offset 2), then values. */
export const binaryRow = (columnCount: number, ...values: Uint8Array[]): Uint8Array =>
  concat(bytes(0), new Uint8Array((columnCount + 9) >> 3), ...values);

export function prepareOk(id: number, columns: number, params: number): Uint8Array {
  return concat(bytes(0), le(id, 4), le(columns, 2), le(params, 2), bytes(0), le(0, 2));
}

/** The server's answer to COM_STMT_PREPARE, as payloads. */
export function prepareAnswer(
  id: number,
  params: number,
  columns: string[],
  deprecateEof = false,
): Uint8Array[] {
  const out = [prepareOk(id, columns.length, params)];
  if (params > 0) {
    for (let i = 0; i < params; i++) out.push(columnDef('?'));
    if (!deprecateEof) out.push(eofPayload());
  }
  if (columns.length > 0) {
    for (const c of columns) out.push(columnDef(c));
    if (!deprecateEof) out.push(eofPayload());
  }
  return out;
}

export interface ExecParam {
  readonly type: number;
  readonly value: Uint8Array | null;
  readonly unsigned?: boolean;
  readonly name?: string;
}

/** COM_STMT_EXECUTE payload; `attributes` adds the CLIENT_QUERY_ATTRIBUTES layout. */
export function executePayload(
  id: number,
  params: ExecParam[],
  opts: { bound?: boolean; attributes?: boolean } = {},
): Uint8Array {
  const head = concat(bytes(0x17), le(id, 4), bytes(0), le(1, 4));
  if (params.length === 0 && opts.attributes !== true) return head;
  const nulls = new Uint8Array((params.length + 7) >> 3);
  params.forEach((p, i) => {
    if (p.value === null) nulls[i >> 3] = (nulls[i >> 3] ?? 0) | (1 << (i & 7));
  });
  const bound = opts.bound ?? true;
  const types = bound
    ? params.map((p) =>
        concat(
          bytes(p.type, p.unsigned === true ? 0x80 : 0),
          opts.attributes === true ? lenencString(p.name ?? '') : new Uint8Array(0),
        ),
      )
    : [];
  const values = params.map((p) => p.value ?? new Uint8Array(0));
  const count = opts.attributes === true ? lenenc(params.length) : new Uint8Array(0);
  if (params.length === 0) return concat(head, count);
  return concat(head, count, nulls, bytes(bound ? 1 : 0), ...types, ...values);
}

/** A server greeting (protocol 10) offering `capabilities`. */
export function greeting(capabilities: number): Uint8Array {
  return concat(
    bytes(10),
    enc.encode('10.11.6-MariaDB\0'),
    le(42, 4),
    enc.encode('abcdefgh'),
    bytes(0),
    le(capabilities & 0xffff, 2),
    bytes(33),
    le(2, 2),
    le(capabilities >>> 16, 2),
    bytes(21),
    new Uint8Array(10),
    enc.encode('abcdefghijkl\0mysql_native_password\0'),
  );
}

/** A HandshakeResponse41 with `capabilities`. */
export function handshakeResponse(capabilities: number, user = 'root'): Uint8Array {
  return concat(
    le(capabilities, 4),
    le(16777216, 4),
    bytes(33),
    new Uint8Array(23),
    enc.encode(`${user}\0`),
    lenencString(new Uint8Array(20).fill(7)),
    enc.encode('mysql_native_password\0'),
  );
}

export const CAPS = {
  base: 0x000fa685, // protocol 4.1, transactions, secure connection, plugin auth, ...
  deprecateEof: 1 << 24,
  queryAttributes: 1 << 27,
  ssl: 1 << 11,
} as const;
