/**
 * Prepared statements of one connection: the text and parameter count from COM_STMT_PREPARE and
 * its OK, the parameter types the last COM_STMT_EXECUTE bound (a later execute may omit them),
 * and data sent ahead with COM_STMT_SEND_LONG_DATA.
 */

export interface ParamType {
  readonly type: number;
  readonly unsigned: boolean;
}

export interface PreparedStatement {
  readonly text: string;
  readonly numParams: number;
  paramTypes: readonly ParamType[] | undefined;
  /** Long data per parameter index, already cut to the body limit. */
  readonly longData: Map<number, string>;
}

/** COM_STMT_EXECUTE may name this id for "the statement prepared last" (MariaDB pipelining). */
const LAST_PREPARED = 0xffffffff;

/** A client that never closes statements must not grow this without bound. */
const MAX_STATEMENTS = 1024;

export class StatementRegistry {
  private readonly byId = new Map<number, PreparedStatement>();
  private lastId: number | undefined;

  add(id: number, text: string, numParams: number): void {
    this.byId.delete(id);
    if (this.byId.size >= MAX_STATEMENTS) {
      const oldest = this.byId.keys().next();
      if (oldest.done !== true) this.byId.delete(oldest.value);
    }
    this.byId.set(id, { text, numParams, paramTypes: undefined, longData: new Map() });
    this.lastId = id;
  }

  get(id: number): PreparedStatement | undefined {
    return this.byId.get(id === LAST_PREPARED ? (this.lastId ?? id) : id);
  }

  close(id: number): void {
    this.byId.delete(id);
  }

  /** COM_RESET_CONNECTION and COM_CHANGE_USER drop every statement of the session. */
  clear(): void {
    this.byId.clear();
    this.lastId = undefined;
  }
}
