import { lexSql, type SqlDialect, type SqlToken } from './sql-lexer.js';

/**
 * Pixie's px.normalize_mysql / px.normalize_pgsql: a statement with every literal replaced
 * by a placeholder, and the values of all placeholders, as JSON `{"query": ..., "params":
 * [...]}` (or `{"error": ...}`), so rows of the same statement group together whatever
 * values they carried. MySQL placeholders are `?` and params follow them in text order;
 * PostgreSQL's are `$n` and params[n-1] is the value of `$n`: bound parameters keep their
 * numbers and literals get the next free ones. Execute rows (`query=[...] params=[...]`)
 * contribute their bound values, so a Query with literals and an Execute of the same
 * statement normalize alike. String literals give their unquoted value.
 */

const MYSQL: SqlDialect = { mysql: true };
const PGSQL: SqlDialect = { mysql: false };

const MYSQL_QUERY = 3;
const MYSQL_EXECUTE = 23;

interface Statement {
  readonly query: string;
  readonly params: readonly string[];
}

export function normalizeMysql(body: string, cmd: number): string {
  return cached(`m${cmd}`, body, () => {
    if (cmd !== MYSQL_QUERY && cmd !== MYSQL_EXECUTE) {
      return error(`cmd must be ${MYSQL_QUERY} (Query) or ${MYSQL_EXECUTE} (StmtExecute)`);
    }
    return normalize(statementOf(body, cmd === MYSQL_EXECUTE), MYSQL);
  });
}

export function normalizePgsql(req: string, cmd: string): string {
  return cached(`p${cmd}`, req, () => {
    if (cmd !== 'Query' && cmd !== 'Execute') return error("cmd must be 'Query' or 'Execute'");
    return normalize(statementOf(req, cmd === 'Execute'), PGSQL);
  });
}

function error(message: string): string {
  return JSON.stringify({ error: message });
}

/** The statement of a Query row, or the query and bound values of an Execute row. */
function statementOf(text: string, execute: boolean): Statement | string {
  if (!execute) return { query: text, params: [] };
  const marker = '] params=[';
  const split = text.lastIndexOf(marker);
  if (!text.startsWith('query=[') || split < 0 || !text.endsWith(']')) {
    return 'not an executed statement of the form query=[...] params=[...]';
  }
  const params = text.slice(split + marker.length, -1);
  return {
    query: text.slice('query=['.length, split),
    params: params === '' ? [] : params.split(', '),
  };
}

function normalize(statement: Statement | string, dialect: SqlDialect): string {
  if (typeof statement === 'string') return error(statement);
  const lexed = lexSql(statement.query, dialect);
  if ('error' in lexed) return error(lexed.error);
  const result = dialect.mysql
    ? questionMarks(lexed.tokens, statement.params)
    : numbered(lexed.tokens, statement.params);
  return JSON.stringify(result);
}

function questionMarks(tokens: readonly SqlToken[], bound: readonly string[]): Statement {
  let query = '';
  const params: string[] = [];
  let next = 0;
  for (const token of tokens) {
    if (token.kind === 'text') query += token.text;
    else {
      query += '?';
      params.push(token.kind === 'literal' ? token.value : (bound[next++] ?? ''));
    }
  }
  return { query, params };
}

function numbered(tokens: readonly SqlToken[], bound: readonly string[]): Statement {
  let highest = bound.length;
  for (const t of tokens) if (t.kind === 'placeholder') highest = Math.max(highest, t.index);
  const params = Array.from({ length: highest }, (_, i) => bound[i] ?? '');
  let query = '';
  for (const token of tokens) {
    if (token.kind === 'text') query += token.text;
    else if (token.kind === 'placeholder') query += `$${token.index}`;
    else {
      params.push(token.value);
      query += `$${params.length}`;
    }
  }
  return { query, params };
}

/**
 * Statements repeat (the same few queries make most rows) and the command column keeps the
 * dictionary shortcut from applying, so results are remembered, up to a bound.
 */
const CACHE_ENTRIES = 4096;
const cache = new Map<string, string>();

function cached(kind: string, text: string, compute: () => string): string {
  const key = `${kind}\u0000${text}`;
  let result = cache.get(key);
  if (result === undefined) {
    result = compute();
    if (cache.size >= CACHE_ENTRIES) cache.clear();
    cache.set(key, result);
  }
  return result;
}
