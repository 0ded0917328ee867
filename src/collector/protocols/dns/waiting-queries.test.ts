import { describe, expect, it } from 'vitest';
import type { QuestionSection } from './question-sections.js';
import { WaitingQueries } from './waiting-queries.js';

interface Query {
  readonly id: number;
  readonly txid: number;
  readonly questions: QuestionSection;
  next: Query | undefined;
  older: Query | undefined;
  newer: Query | undefined;
}

const section = (type: number): QuestionSection => ({
  name: 'a.test',
  type,
  json: '',
  lastAnswers: undefined,
});
const A = section(1);
const AAAA = section(28);

/** The queries with this key, in chain order (the table's callers skip other keys too). */
function withKey(table: WaitingQueries<Query>, txid: number, type: number): number[] {
  const ids: number[] = [];
  for (let q = table.chain(txid, type); q !== undefined; q = q.next) {
    if (q.txid === txid && q.questions.type === type) ids.push(q.id);
  }
  return ids;
}

/** The queries from the oldest to the newest, checking the links both ways. */
function byAge(table: WaitingQueries<Query>): number[] {
  const ids: number[] = [];
  let previous: Query | undefined;
  for (let q = table.oldest; q !== undefined; q = q.newer) {
    expect(q.older).toBe(previous);
    ids.push(q.id);
    previous = q;
  }
  return ids;
}

describe('WaitingQueries', () => {
  it('keeps queries in arrival order, by key while it grows and by age, and removes any', () => {
    const table = new WaitingQueries<Query>();
    const queries: Query[] = [];
    // Many keys, so the table doubles several times, and three queries per key.
    for (let id = 0; id < 600; id++) {
      const questions = id % 3 === 0 ? AAAA : A;
      const query = {
        id,
        txid: id % 200,
        questions,
        next: undefined,
        older: undefined,
        newer: undefined,
      };
      queries.push(query);
      table.add(query);
    }
    expect(table.size).toBe(600);
    expect(withKey(table, 7, 1)).toEqual([7, 407]);
    expect(withKey(table, 7, 28)).toEqual([207]);
    expect(withKey(table, 9, 1)).toEqual([209, 409]);
    expect(withKey(table, 9, 28)).toEqual([9]);

    table.remove(queries[209] as Query);
    table.remove(queries[9] as Query);
    table.remove(queries[9] as Query); // no longer there: nothing changes
    expect(table.size).toBe(598);
    expect(withKey(table, 9, 1)).toEqual([409]);
    expect(withKey(table, 9, 28)).toEqual([]);
    expect(withKey(table, 8, 1)).toEqual([8, 208]);
    expect(byAge(table).slice(0, 11)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11]);

    table.remove(queries[0] as Query);
    table.remove(queries[599] as Query);
    const ages = byAge(table);
    expect([ages.length, ages[0], ages.at(-1)]).toEqual([596, 1, 598]);

    for (const query of queries) table.remove(query);
    expect(table.size).toBe(0);
    expect(withKey(table, 7, 1)).toEqual([]);
    expect(byAge(table)).toEqual([]);
  });
});
