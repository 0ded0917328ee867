import { describe, expect, it } from 'vitest';
import { Store, column, timeColumn, type TableSchema } from '../../store/index.js';
import { PxlCheckError } from '../errors.js';
import type { Join, JoinHow, PlanNode } from '../plan/nodes.js';
import { executePlan } from './execute.js';
import { records } from './testing/fixture.js';

const T = 1_700_000_000_123_456_789n;

const LEFT: TableSchema = {
  name: 'left_t',
  description: 'left side',
  columns: [
    timeColumn,
    column('svc', 'STRING', ''),
    column('port', 'INT64', ''),
    column('n', 'INT64', ''),
  ],
};
const RIGHT: TableSchema = {
  name: 'right_t',
  description: 'right side',
  columns: [
    timeColumn,
    column('svc', 'STRING', ''),
    column('port', 'INT64', ''),
    column('owner', 'STRING', ''),
  ],
};

function makeStore(): Store {
  const store = new Store({ budgetBytes: 1 << 26, schemas: [LEFT, RIGHT], chunkRows: 2 });
  store.append('left_t', {
    length: 4,
    columns: {
      time_: [T, T + 1n, T + 2n, T + 3n],
      svc: ['cart', 'cart', 'auth', 'ads'],
      port: [80, 81, 80, 80],
      n: [1, 2, 3, 4],
    },
  });
  store.append('right_t', {
    length: 4,
    columns: {
      time_: [T + 10n, T + 11n, T + 12n, T + 13n],
      svc: ['cart', 'cart', 'auth', 'db'],
      port: [80, 80, 80, 5432],
      owner: ['ann', 'bob', 'cy', 'dee'],
    },
  });
  return store;
}

const store = makeStore();
const scan = (table: string): PlanNode => ({ kind: 'Scan', table });

function join(
  how: JoinHow,
  on: string[] = ['svc'],
  suffixes: [string, string] = ['_x', '_y'],
): Join {
  return {
    kind: 'Join',
    left: scan('left_t'),
    right: scan('right_t'),
    how,
    leftOn: on,
    rightOn: on,
    suffixes,
  };
}

/** Rows as "left n / right owner" pairs, order-independent. */
function pairs(how: JoinHow, on?: string[]): string[] {
  return records(executePlan(join(how, on), store))
    .map((r) => `${String(r['n'])}/${String(r['owner'])}`)
    .sort();
}

describe('Join', () => {
  it('inner: every matching pair, join keys duplicated with suffixes', () => {
    const result = executePlan(join('inner'), store);
    expect(result.relation.map((f) => f.name)).toEqual([
      'time__x',
      'svc_x',
      'port_x',
      'n',
      'time__y',
      'svc_y',
      'port_y',
      'owner',
    ]);
    expect(pairs('inner')).toEqual(['1/ann', '1/bob', '2/ann', '2/bob', '3/cy']);
    for (const r of records(result)) expect(r['svc_x']).toBe(r['svc_y']);
  });

  it('left: unmatched left rows get zero values on the right', () => {
    expect(pairs('left')).toEqual(['1/ann', '1/bob', '2/ann', '2/bob', '3/cy', '4/']);
    const ads = records(executePlan(join('left'), store)).find((r) => r['n'] === 4);
    expect(ads).toMatchObject({
      svc_x: 'ads',
      svc_y: '',
      port_y: 0,
      owner: '',
      time__y: 0n,
      time__x: T + 3n,
    });
  });

  it('right: unmatched right rows get zero values on the left', () => {
    expect(pairs('right')).toEqual(['0/dee', '1/ann', '1/bob', '2/ann', '2/bob', '3/cy']);
    const db = records(executePlan(join('right'), store)).find((r) => r['owner'] === 'dee');
    expect(db).toMatchObject({ svc_x: '', n: 0, svc_y: 'db', port_y: 5432, time__y: T + 13n });
  });

  it('outer: both kinds of unmatched rows', () => {
    expect(pairs('outer')).toEqual(['0/dee', '1/ann', '1/bob', '2/ann', '2/bob', '3/cy', '4/']);
  });

  it('joins on several keys of different types', () => {
    expect(pairs('inner', ['svc', 'port'])).toEqual(['1/ann', '1/bob', '3/cy']);
    expect(pairs('left', ['svc', 'port'])).toEqual(['1/ann', '1/bob', '2/', '3/cy', '4/']);
  });

  it('joins on differently named keys without suffixing them, and with custom suffixes', () => {
    const renamed: PlanNode = {
      kind: 'Map',
      input: scan('right_t'),
      assignments: [{ name: 'service', expr: { kind: 'Column', name: 'svc' } }],
    };
    const node: Join = {
      kind: 'Join',
      left: scan('left_t'),
      right: { kind: 'Drop', input: renamed, columns: ['svc'] },
      how: 'inner',
      leftOn: ['svc'],
      rightOn: ['service'],
      suffixes: ['', '_r'],
    };
    const result = executePlan(node, store);
    expect(result.relation.map((f) => f.name)).toEqual([
      'time_',
      'svc',
      'port',
      'n',
      'time__r',
      'port_r',
      'owner',
      'service',
    ]);
    expect(result.rowCount).toBe(5);
  });

  it('attaches a scalar to every row with a constant join key (Pixie idiom)', () => {
    const withKey = (input: PlanNode): PlanNode => ({
      kind: 'Map',
      input,
      assignments: [{ name: 'join_key', expr: { kind: 'Literal', type: 'INT64', value: 1 } }],
    });
    const total: PlanNode = {
      kind: 'Agg',
      input: scan('right_t'),
      groupBy: [],
      aggregates: [{ name: 'owners', fn: 'count', input: { kind: 'Column', name: 'owner' } }],
    };
    const node: Join = {
      kind: 'Join',
      left: withKey(scan('left_t')),
      right: withKey(total),
      how: 'inner',
      leftOn: ['join_key'],
      rightOn: ['join_key'],
      suffixes: ['', '_total'],
    };
    const out = records(executePlan(node, store));
    expect(out.map((r) => r['owners'])).toEqual([4, 4, 4, 4]);
  });

  it('refuses mismatched key types, key counts and colliding names', () => {
    const cases: [Join, string][] = [
      [{ ...join('inner'), leftOn: ['svc'], rightOn: ['port'] }, 'check.join-key-types'],
      [{ ...join('inner'), leftOn: ['svc', 'port'], rightOn: ['svc'] }, 'check.join-keys'],
      [{ ...join('inner'), suffixes: ['', ''] }, 'check.duplicate-column'],
      [{ ...join('inner'), leftOn: ['nope'], rightOn: ['svc'] }, 'check.unknown-column'],
    ];
    for (const [node, code] of cases) {
      expect(() => executePlan(node, store)).toThrow(PxlCheckError);
      expect(() => executePlan(node, store)).toThrow(expect.objectContaining({ code }) as Error);
    }
  });
});
