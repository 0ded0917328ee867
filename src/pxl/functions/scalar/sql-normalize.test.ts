import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeMysql, normalizePgsql } from './sql-normalize.js';

const parsed = (json: string): unknown => JSON.parse(json);
const ok = (query: string, params: string[]) => ({ query, params });

describe('normalize_mysql', () => {
  it.each([
    ['SELECT * FROM users WHERE id = 42', 'SELECT * FROM users WHERE id = ?', ['42']],
    [
      `SELECT name FROM t WHERE a = 'x''y' AND b = "q\\"z" AND c IN (1, 2.5, -3, 1e3)`,
      'SELECT name FROM t WHERE a = ? AND b = ? AND c IN (?, ?, ?, ?)',
      ["x'y", 'q"z', '1', '2.5', '-3', '1e3'],
    ],
    ['UPDATE t1 SET n = n-1 WHERE k = 0x1F', 'UPDATE t1 SET n = n-? WHERE k = ?', ['1', '0x1F']],
    [
      "SELECT `col 'a'` FROM t -- note 'x'\n# more 1\nWHERE v = /* 2 */ 7",
      "SELECT `col 'a'` FROM t -- note 'x'\n# more 1\nWHERE v = /* 2 */ ?",
      ['7'],
    ],
    ['SELECT 1--1', 'SELECT ?-?', ['1', '-1']],
    ["INSERT INTO t VALUES (X'ff', N'ünï')", 'INSERT INTO t VALUES (?, ?)', ['ff', 'ünï']],
    ['SELECT NOW()', 'SELECT NOW()', []],
    ['', '', []],
  ])('%s', (sql, query, params) => {
    expect(parsed(normalizeMysql(sql, 3))).toEqual(ok(query, params));
  });

  it('fills the placeholders of an executed statement from its params, literals in between', () => {
    const body = "query=[SELECT * FROM t WHERE a = ? AND b = 'k' AND c = ?] params=[5, hello]";
    expect(parsed(normalizeMysql(body, 23))).toEqual(
      ok('SELECT * FROM t WHERE a = ? AND b = ? AND c = ?', ['5', 'k', 'hello']),
    );
    expect(parsed(normalizeMysql('query=[SELECT ?] params=[]', 23))).toEqual(ok('SELECT ?', ['']));
  });

  it('reports what it cannot normalize instead of guessing', () => {
    expect(parsed(normalizeMysql('Execute stmt_id=4.', 23))).toEqual({
      error: 'not an executed statement of the form query=[...] params=[...]',
    });
    expect(parsed(normalizeMysql("SELECT 'abc", 3))).toEqual({
      error: 'unterminated quoted string',
    });
    expect(parsed(normalizeMysql('SELECT /* x', 3))).toEqual({ error: 'unterminated comment' });
    expect(parsed(normalizeMysql('SELECT `x', 3))).toEqual({
      error: 'unterminated quoted identifier',
    });
    expect(parsed(normalizeMysql('mydb', 2))).toEqual({
      error: 'cmd must be 3 (Query) or 23 (StmtExecute)',
    });
  });
});

describe('normalize_pgsql', () => {
  it.each([
    [
      "SELECT * FROM users WHERE name = 'bob' AND age > 30",
      'SELECT * FROM users WHERE name = $1 AND age > $2',
      ['bob', '30'],
    ],
    [
      'SELECT "weird ""name""", \'it\'\'s\' FROM t WHERE x = -.5',
      'SELECT "weird ""name""", $1 FROM t WHERE x = $2',
      ["it's", '-.5'],
    ],
    ["SELECT E'a\\'b', $tag$ 'no' $tag$, $$x$$", 'SELECT $1, $2, $3', ["a'b", " 'no' ", 'x']],
    ["SELECT 'a'::text -- 'c'\n", "SELECT $1::text -- 'c'\n", ['a']],
    ['SELECT data ? 5 FROM j', 'SELECT data ? $1 FROM j', ['5']],
  ])('%s', (sql, query, params) => {
    expect(parsed(normalizePgsql(sql, 'Query'))).toEqual(ok(query, params));
  });

  it('keeps bound parameter numbers and numbers literals after them', () => {
    const req =
      "query=[SELECT * FROM t WHERE id = $1 AND kind = 'a' AND at > $2] params=[17, 2024]";
    expect(parsed(normalizePgsql(req, 'Execute'))).toEqual(
      ok('SELECT * FROM t WHERE id = $1 AND kind = $3 AND at > $2', ['17', '2024', 'a']),
    );
  });

  it('gives a Query with literals and an Execute of the same statement the same query', () => {
    const query = parsed(normalizePgsql('SELECT * FROM t WHERE id = 5', 'Query'));
    const execute = parsed(
      normalizePgsql('query=[SELECT * FROM t WHERE id = $1] params=[5]', 'Execute'),
    );
    expect(query).toEqual(execute);
  });

  it('refuses other commands, as Pixie does', () => {
    expect(parsed(normalizePgsql('SELECT 1', 'Parse'))).toEqual({
      error: "cmd must be 'Query' or 'Execute'",
    });
    expect(parsed(normalizePgsql('SELECT $x$', 'Query'))).toEqual({
      error: 'unterminated dollar-quoted string',
    });
  });

  it('never throws and always returns JSON with a query or an error, for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.boolean(), (text, mysql) => {
        const out = parsed(mysql ? normalizeMysql(text, 3) : normalizePgsql(text, 'Query'));
        expect(out).toSatisfy(
          (o: object) =>
            ('query' in o && 'params' in o) || ('error' in o && Object.keys(o).length === 1),
        );
      }),
      { numRuns: 500 },
    );
  });
});
