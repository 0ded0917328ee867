/**
 * Prepared statements and portals of one session. A statement is known from its Parse (or is
 * unknown when the Parse happened before px saw the connection); a portal remembers what
 * Execute needs to show: the statement text and the bound parameter values.
 */
import type { Field } from './decode.js';

export interface Statement {
  readonly query: string;
  /** Parameter types from Parse, replaced by the server's ParameterDescription when seen. */
  paramOids: readonly number[];
  fields: readonly Field[] | undefined;
}

export interface Portal {
  /** The statement's text, or a placeholder naming a statement px never saw parsed. */
  readonly query: string;
  readonly params: readonly string[];
  readonly resultFormats: readonly number[];
  fields: readonly Field[] | undefined;
}

/** Sessions that never close what they open must not grow without bound. */
const MAX_ENTRIES = 1024;

class BoundedMap<V> extends Map<string, V> {
  private newest: string | undefined;

  override set(key: string, value: V): this {
    // Clients mostly reuse one name (the unnamed statement or portal) message after message:
    // the newest entry keeps its place, sparing the map a delete and re-insert each time.
    if (key === this.newest && super.has(key)) return super.set(key, value);
    this.newest = key;
    this.delete(key);
    if (this.size >= MAX_ENTRIES) {
      const oldest = this.keys().next();
      if (oldest.done !== true) this.delete(oldest.value);
    }
    return super.set(key, value);
  }
}

export class PgSession {
  readonly statements = new BoundedMap<Statement>();
  readonly portals = new BoundedMap<Portal>();
}

/** Stands in for the text of a statement or portal px never saw created. */
export function unknownName(kind: 'statement' | 'portal', name: string): string {
  return name === '' ? `<unknown unnamed ${kind}>` : `<unknown ${kind} ${name}>`;
}
