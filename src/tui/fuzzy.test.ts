import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy.js';

const byName = (name: string): string => name;

describe('fuzzyScore', () => {
  it('matches characters in order, case-insensitively', () => {
    expect(fuzzyScore('svc', 'px/service_stats')).not.toBeNull();
    expect(fuzzyScore('SVC', 'px/Service_stats')).not.toBeNull();
    expect(fuzzyScore('cvs', 'px/service_stats')).toBeNull();
    expect(fuzzyScore('z', 'px/service_stats')).toBeNull();
  });

  it('matches everything with an empty query', () => {
    expect(fuzzyScore('', 'anything')).toBe(0);
  });

  it('ranks a contiguous match above a scattered one', () => {
    const contiguous = fuzzyScore('http', 'px/xhttpx');
    const scattered = fuzzyScore('http', 'px/hxtxtxp');
    expect(contiguous).not.toBeNull();
    expect(scattered).not.toBeNull();
    expect(contiguous ?? 0).toBeGreaterThan(scattered ?? 0);
  });

  it('ranks a match at a word start above one inside a word', () => {
    const separators = ['/', '_', '-', ' '];
    for (const sep of separators) {
      const atStart = fuzzyScore('map', `aaaa${sep}map`);
      const inside = fuzzyScore('map', `aaaaxmap`);
      expect(atStart ?? 0).toBeGreaterThan(inside ?? 0);
    }
    expect(fuzzyScore('px', 'px/abc') ?? 0).toBeGreaterThan(fuzzyScore('px', 'apx/bc') ?? 0);
  });

  it('prefers the shorter text when the matches are otherwise equal', () => {
    expect(fuzzyScore('net', 'px/net_flow') ?? 0).toBeGreaterThan(
      fuzzyScore('net', 'px/net_flow_graph') ?? 0,
    );
  });
});

describe('fuzzyFilter', () => {
  const scripts = [
    'px/http_data',
    'px/service_map',
    'px/mysql_data',
    'px/service_stats',
    'px/dns_data',
    'px/sql_queries',
  ];

  it('keeps only matches, best first', () => {
    expect(fuzzyFilter(scripts, 'map', byName)).toEqual(['px/service_map']);
    // Same match in both; the shorter name first. http_data has no "s" before "data".
    expect(fuzzyFilter(scripts, 'sdata', byName)).toEqual(['px/dns_data', 'px/mysql_data']);
    expect(fuzzyFilter(scripts, 'zzz', byName)).toEqual([]);
  });

  it('puts a word-start prefix first', () => {
    const matches = fuzzyFilter(scripts, 'serv', byName);
    expect(matches.slice(0, 2)).toEqual(['px/service_map', 'px/service_stats']);
  });

  it('keeps the input order for equal scores', () => {
    const same = ['b/x', 'a/x', 'c/x'];
    expect(fuzzyFilter(same, 'x', byName)).toEqual(same);
    expect(fuzzyFilter(scripts, '', byName)).toEqual(scripts);
  });

  it('reads the text through the accessor', () => {
    const items = [
      { id: 1, name: 'px/dns_data' },
      { id: 2, name: 'px/http_data' },
    ];
    expect(fuzzyFilter(items, 'http', (i) => i.name).map((i) => i.id)).toEqual([2]);
  });
});

describe('fuzzy alignment', () => {
  it('scores the best alignment, not the first letter found', () => {
    expect(fuzzyScore('stats', 'px/service_stats')).toBe(fuzzyScore('stats', 'px/xervice_stats'));
    expect(fuzzyFilter(['px/http_data', 'px/dns_data'], 'data', (n) => n)).toEqual([
      'px/dns_data',
      'px/http_data',
    ]);
  });
});
