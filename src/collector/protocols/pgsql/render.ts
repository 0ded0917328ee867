/**
 * The req and resp strings of pgsql_events, in Pixie's shapes (pgsql_trace_bpf_test.cc):
 * errors as `ERROR RESPONSE [Severity=ERROR ... Message=...]`, result sets as a header line,
 * CSV rows and the command tag, Bind and Describe requests as key=value lists.
 */
import type { BindMessage, ErrorField, Field, TargetMessage } from './decode.js';
import { i32At, u16At } from '../common/bytes-at.js';
import { NULL_TEXT, valueText, valueTextAt } from './values.js';

const ERROR_FIELD_NAMES: ReadonlyMap<string, string> = new Map([
  ['S', 'Severity'],
  ['V', 'InternalSeverity'],
  ['C', 'Code'],
  ['M', 'Message'],
  ['D', 'Detail'],
  ['H', 'Hint'],
  ['P', 'Position'],
  ['p', 'InternalPosition'],
  ['q', 'InternalQuery'],
  ['W', 'Where'],
  ['s', 'SchemaName'],
  ['t', 'TableName'],
  ['c', 'ColumnName'],
  ['d', 'DataTypeName'],
  ['n', 'ConstraintName'],
  ['F', 'File'],
  ['L', 'Line'],
  ['R', 'Routine'],
]);

export function errorText(fields: readonly ErrorField[]): string {
  const parts = fields.map(
    (f) => `${ERROR_FIELD_NAMES.get(f.code) ?? `Field:${f.code}`}=${f.value}`,
  );
  return `ERROR RESPONSE [${parts.join(' ')}]`;
}

const formatName = (format: number): string => (format === 1 ? 'kBinary' : 'kText');

export function rowDescriptionText(fields: readonly Field[]): string {
  const parts = fields.map(
    (f) =>
      `name=${f.name} table_oid=${f.tableOid} attr_num=${f.attrNum} type_oid=${f.typeOid} ` +
      `type_size=${f.typeSize} type_modifier=${f.typeModifier} fmt_code=${formatName(f.format)}`,
  );
  return `ROW DESCRIPTION [${parts.join('] [')}]`;
}

/** The text of each Bind parameter, read with the statement's parameter types. */
export function paramTexts(bind: BindMessage, paramOids: readonly number[]): string[] {
  // Plain loops, no per-call closures: this runs for every Bind.
  const params = bind.params;
  const texts = new Array<string>(params.length);
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === undefined) continue;
    texts[i] = typeof p.value === 'string' ? p.value : valueText(p.value, p.format, paramOids[i]);
  }
  return texts;
}

/** @param texts the parameters' texts (see paramTexts). */
export function bindText(bind: BindMessage, texts: readonly string[]): string {
  let params = '';
  for (let i = 0; i < bind.params.length; i++) {
    const format = formatName(bind.params[i]?.format ?? 0);
    params += `${i === 0 ? '' : ', '}[format=${format} value=${texts[i] ?? ''}]`;
  }
  let results = '';
  for (let i = 0; i < bind.resultFormats.length; i++) {
    results += `${i === 0 ? '' : ', '}${formatName(bind.resultFormats[i] ?? 0)}`;
  }
  return `portal=${bind.portal} statement=${bind.statement} parameters=[${params}] result_format_codes=[${results}]`;
}

/** The unnamed statement and portal, described again and again: one string each. */
const DESCRIBE_UNNAMED_STATEMENT = 'type=kStatement name=';
const DESCRIBE_UNNAMED_PORTAL = 'type=kPortal name=';

export function describeText(target: TargetMessage): string {
  if (target.name === '') {
    return target.type === 'S' ? DESCRIBE_UNNAMED_STATEMENT : DESCRIBE_UNNAMED_PORTAL;
  }
  return `type=${target.type === 'S' ? 'kStatement' : 'kPortal'} name=${target.name}`;
}

export function executeText(query: string, params: readonly string[]): string {
  return `query=[${query}] params=[${params.join(', ')}]`;
}

/**
 * Text of a DataRow, the payload `bytes[start, end)`: values joined by commas, NULL as [NULL].
 * Read in place (no reader, no array of columns), and leniently: a payload cut at the framer's
 * keep limit shows the columns that fit.
 */
export function dataRowText(
  bytes: Uint8Array,
  start: number,
  end: number,
  formats: readonly number[],
  fields: readonly Field[] | undefined,
): string {
  if (end - start < 2) return '';
  const count = u16At(bytes, start);
  let at = start + 2;
  let text = '';
  for (let i = 0; i < count && end - at >= 4; i++) {
    const size = i32At(bytes, at);
    at += 4;
    let column = NULL_TEXT;
    if (size >= 0) {
      const valueEnd = Math.min(at + size, end);
      const format = (formats.length === 1 ? formats[0] : formats[i]) ?? 0;
      column = valueTextAt(bytes, at, valueEnd, format, fields?.[i]?.typeOid);
      at = valueEnd;
    }
    text = i === 0 ? column : `${text},${column}`;
  }
  return text;
}
