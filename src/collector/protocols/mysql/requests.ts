/**
 * What req_body shows for a command: the statement text for text commands (query attributes
 * removed), `query=[text] params=[v1, v2]` for COM_STMT_EXECUTE (Pixie's shape, so rows group
 * by statement text), `Execute stmt_id=N.` when the PREPARE was not seen, and empty otherwise.
 */
import { readBinaryValue, FIELD_TYPE } from './binary-values.js';
import { COM, isTextCommand } from './commands.js';
import type { ParamType, PreparedStatement, StatementRegistry } from './statements.js';
import { decodeBody, decodeUtf8, truncateText } from '../common/sql-text.js';
import { WireReader } from './wire-reader.js';

/** COM_STMT_EXECUTE flag: a parameter count follows even when the statement has none. */
const PARAMETER_COUNT_AVAILABLE = 0x08;

/**
 * The text of a COM_QUERY. With CLIENT_QUERY_ATTRIBUTES the text follows a parameter count, a
 * parameter-set count (always 1) and the attributes. `attributes` is undefined when the
 * handshake was not seen: the prefix is then removed only when it cannot be statement text
 * (its second byte, the set count 1, is a control character no statement starts with).
 */
export function queryTextBytes(payload: Uint8Array, attributes: boolean | undefined): Uint8Array {
  const body = payload.subarray(1);
  if (attributes === false) return body;
  if (attributes === undefined && !hasAttributePrefix(payload)) return body;
  return skipQueryAttributes(body) ?? body;
}

/** Whether a COM_QUERY payload starts with a query-attribute block ("00 01" when empty). */
export function hasAttributePrefix(payload: Uint8Array): boolean {
  return (payload[1] ?? 0xff) < 0xfb && payload[2] === 0x01;
}

function skipQueryAttributes(body: Uint8Array): Uint8Array | undefined {
  const r = new WireReader(body);
  const count = r.lenenc();
  if (count === undefined || r.lenenc() !== 1) return undefined;
  if (count > 0 && readParamBlock(r, count, count, true, undefined) === undefined) return undefined;
  return r.rest();
}

/** req_body for any command but COM_STMT_EXECUTE. */
export function requestBody(
  payload: Uint8Array,
  attributes: boolean | undefined,
  max: number,
): string {
  const command = payload[0] ?? 0;
  if (command === COM.query) return decodeBody(queryTextBytes(payload, attributes), max);
  if (command === COM.fieldList) {
    const end = payload.indexOf(0, 1);
    return decodeBody(payload.subarray(1, end < 0 ? payload.length : end), max);
  }
  return isTextCommand(command) ? decodeBody(payload.subarray(1), max) : '';
}

/** req_body for COM_STMT_EXECUTE; clears the statement's long data, which one execute uses. */
export function executeBody(
  payload: Uint8Array,
  statements: StatementRegistry,
  attributes: boolean | undefined,
  max: number,
): string {
  const r = new WireReader(payload, 1);
  const id = r.uint(4) ?? 0;
  const flags = r.u8() ?? 0;
  r.take(4); // iteration count, always 1
  const stmt = statements.get(id);
  if (!stmt) return `Execute stmt_id=${id}.`;
  const params = executeParams(r, stmt, flags, attributes);
  stmt.longData.clear();
  return truncateText(`query=[${stmt.text}] params=[${params.join(', ')}]`, max);
}

/** Tries the layouts `attributes` allows; prefers one that reads the payload exactly. */
function executeParams(
  r: WireReader,
  stmt: PreparedStatement,
  flags: number,
  attributes: boolean | undefined,
): string[] {
  const layouts = attributes === undefined ? [false, true] : [attributes];
  let fallback: string[] | undefined;
  for (const withAttributes of layouts) {
    const attempt = new WireReader(r.bytes, r.offset);
    const params = readExecuteParams(attempt, stmt, flags, withAttributes);
    if (params && attempt.remaining === 0) return params;
    fallback ??= params;
  }
  return fallback ?? Array.from({ length: stmt.numParams }, () => '?');
}

function readExecuteParams(
  r: WireReader,
  stmt: PreparedStatement,
  flags: number,
  withAttributes: boolean,
): string[] | undefined {
  if (stmt.numParams === 0 && !(withAttributes && (flags & PARAMETER_COUNT_AVAILABLE) !== 0)) {
    return [];
  }
  const count = withAttributes ? r.lenenc() : stmt.numParams;
  if (count === undefined || count < stmt.numParams) return undefined;
  if (count === 0) return [];
  const values = readParamBlock(r, count, stmt.numParams, withAttributes, stmt);
  return values?.slice(0, stmt.numParams);
}

/**
 * Null bitmap, bound flag, types (with names when attributes are on), then the values. With
 * the bound flag clear the types are the ones the statement was last executed with.
 */
function readParamBlock(
  r: WireReader,
  count: number,
  numParams: number,
  withNames: boolean,
  stmt: PreparedStatement | undefined,
): string[] | undefined {
  if (count > 65535) return undefined;
  const nulls = r.take((count + 7) >> 3);
  const bound = r.u8();
  if (nulls === undefined || bound === undefined) return undefined;
  let types: readonly ParamType[] | undefined = stmt?.paramTypes;
  if (bound === 1) {
    types = readParamTypes(r, count, withNames);
    if (types === undefined) return undefined;
    if (stmt) stmt.paramTypes = types.slice(0, numParams);
  }
  if (types === undefined) return Array.from({ length: count }, () => '?');
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const value = readParamValue(r, i, nulls, types[i], stmt);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

function readParamTypes(r: WireReader, count: number, withNames: boolean): ParamType[] | undefined {
  const types: ParamType[] = [];
  for (let i = 0; i < count; i++) {
    const type = r.u8();
    const typeFlags = r.u8();
    if (type === undefined || typeFlags === undefined) return undefined;
    if (withNames && r.lenencBytes() === undefined) return undefined;
    types.push({ type, unsigned: (typeFlags & 0x80) !== 0 });
  }
  return types;
}

function readParamValue(
  r: WireReader,
  index: number,
  nulls: Uint8Array,
  type: ParamType | undefined,
  stmt: PreparedStatement | undefined,
): string | undefined {
  if ((((nulls[index >> 3] ?? 0) >> (index & 7)) & 1) === 1) return 'NULL';
  const longData = stmt?.longData.get(index);
  if (longData !== undefined) return longData;
  if (type === undefined) return undefined;
  return type.type === FIELD_TYPE.null ? 'NULL' : readBinaryValue(r, type.type, type.unsigned);
}

/** COM_STMT_SEND_LONG_DATA: remembers the chunk for the statement's next execute. */
export function recordLongData(
  payload: Uint8Array,
  statements: StatementRegistry,
  max: number,
): void {
  const r = new WireReader(payload, 1);
  const stmt = statements.get(r.uint(4) ?? -1);
  const param = r.uint(2);
  if (!stmt || param === undefined || param >= stmt.numParams) return;
  const joined = (stmt.longData.get(param) ?? '') + decodeUtf8(r.rest());
  stmt.longData.set(param, truncateText(joined, max));
}
