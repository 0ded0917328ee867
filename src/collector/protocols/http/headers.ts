import { jsonObject } from '../common/json-text.js';

/** One header line as sent: the name keeps its original case. */
export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

/**
 * The header fields of one message, looked up case-insensitively. A header sent more than
 * once reads as one value: the values joined with ", " in wire order (the list syntax of
 * RFC 9110 §5.3), except Set-Cookie, whose values contain commas and are joined with "\n".
 */
export class HttpHeaders {
  private readonly byName = new Map<string, HeaderEntry>();
  /** toJson's result, made once: the headers never change. */
  private json: string | undefined;

  constructor(readonly fields: readonly HeaderField[]) {
    for (const field of fields) {
      const key = field.name.toLowerCase();
      const entry = this.byName.get(key);
      if (entry) entry.values.push(field.value);
      else this.byName.set(key, { name: field.name, key, values: [field.value] });
    }
  }

  get(name: string): string | undefined {
    const entry = this.byName.get(name.toLowerCase());
    return entry ? joinedValue(entry) : undefined;
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
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
    if (this.json === undefined) {
      const entries: [string, string][] = [];
      for (const entry of this.byName.values()) entries.push([entry.name, joinedValue(entry)]);
      this.json = jsonObject(entries);
    }
    return this.json;
  }
}

interface HeaderEntry {
  /** The name as first sent. */
  readonly name: string;
  /** The name lower-cased. */
  readonly key: string;
  readonly values: string[];
}

function joinedValue({ key, values }: HeaderEntry): string {
  if (values.length === 1) return values[0] as string;
  return values.join(key === 'set-cookie' ? '\n' : ', ');
}

/** Lower-cased, trimmed, non-empty items of a comma-separated header value. */
export function listTokens(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item.length > 0);
}
