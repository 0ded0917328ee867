import { jsonString } from '../common/json-text.js';

/** One header line as sent: the name keeps its original case. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/** Up to this many fields, repeated names are found by comparing names pairwise. */
const PAIRWISE_FIELDS = 24;

/**
 * The header fields of one message, looked up case-insensitively. A header sent more than
 * once reads as one value: the values joined with ", " in wire order (the list syntax of
 * RFC 9110 §5.3), except Set-Cookie, whose values contain commas and are joined with "\n".
 *
 * Only the fields are kept, with no index by name: a head has a dozen fields and the parser
 * looks up a handful, so scanning is cheaper than lower-casing and hashing every name.
 */
export class HttpHeaders {
  /** toJson's result, made once: the headers never change. */
  private json: string | undefined;

  /**
   * @param plain true when no name or value holds a character JSON escapes (the parser
   *   knows it from the bytes), so toJson need not check them again.
   */
  constructor(
    readonly fields: readonly HeaderField[],
    private readonly plain = false,
  ) {}

  get(name: string): string | undefined {
    const key = name.toLowerCase();
    let value: string | undefined;
    for (const field of this.fields) {
      if (!sameName(field.name, key)) continue;
      value = value === undefined ? field.value : value + separator(key) + field.value;
    }
    return value;
  }

  has(name: string): boolean {
    const key = name.toLowerCase();
    return this.fields.some((field) => sameName(field.name, key));
  }

  /** Whether the comma-separated list header `name` contains `token` (case-insensitive). */
  hasToken(name: string, token: string): boolean {
    return listTokens(this.get(name)).includes(token.toLowerCase());
  }

  /**
   * `{"Name":"value",...}`: one key per header name, in order of first appearance, spelled
   * as first sent, repeated values joined as `get` does.
   */
  toJson(): string {
    this.json ??= this.makeJson();
    return this.json;
  }

  private makeJson(): string {
    const fields = this.fields;
    const first = firstOfName(fields);
    // Concatenated: cheaper than joining an array of parts, even counting the flattening.
    let json = '{';
    for (let i = 0; i < fields.length; i++) {
      if (first[i] !== i) continue;
      const { name, value } = fields[i] as HeaderField;
      if (json.length > 1) json += ',';
      const repeated = first.indexOf(i, i + 1) >= 0;
      // Written out directly only when the bytes showed nothing to escape (joined Set-Cookie
      // values hold a newline, so joined values always go through jsonString).
      if (this.plain && !repeated) json += '"' + name + '":"' + value + '"';
      else json += jsonString(name) + ':' + jsonString(repeated ? (this.get(name) ?? '') : value);
    }
    return json + '}';
  }
}

/** Whether two header names are the same, ignoring case as `toLowerCase` would. */
function sameName(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && lowerCode(x) !== lowerCode(y)) return false;
  }
  return true;
}

/** ASCII lower case of a char code; names are tokens, so ASCII is all they hold. */
function lowerCode(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

function separator(key: string): string {
  return key === 'set-cookie' ? '\n' : ', ';
}

/** For each field, the index of the first field with its name (its own index if none). */
function firstOfName(fields: readonly HeaderField[]): number[] {
  const first = new Array<number>(fields.length);
  if (fields.length <= PAIRWISE_FIELDS) {
    for (let i = 0; i < fields.length; i++) {
      const name = (fields[i] as HeaderField).name;
      let j = 0;
      while (j < i && !sameName((fields[j] as HeaderField).name, name)) j++;
      first[i] = j;
    }
    return first;
  }
  const byKey = new Map<string, number>();
  fields.forEach((field, i) => {
    const key = field.name.toLowerCase();
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, i);
    first[i] = known ?? i;
  });
  return first;
}

/** Lower-cased, trimmed, non-empty items of a comma-separated header value. */
export function listTokens(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item.length > 0);
}
