import { describe, expect, it } from 'vitest';
import { closest, distance, listNames } from './suggest.js';

describe('closest', () => {
  it('finds typos, swaps and long prefixes', () => {
    expect(closest('req_pth', ['req_path', 'req_body', 'resp_status'])).toBe('req_path');
    expect(closest('cuont', ['count', 'mean', 'sum'])).toBe('count');
    expect(closest('quantile', ['quantiles', 'mean'])).toBe('quantiles');
    expect(closest('http_event', ['http_events', 'dns_events'])).toBe('http_events');
    expect(closest('LATENCY', ['latency'])).toBe('latency');
  });

  it('says nothing when nothing is close', () => {
    expect(closest('x', ['latency', 'req_path'])).toBeUndefined();
    expect(closest('banana', [])).toBeUndefined();
  });

  it('measures edits', () => {
    expect(distance('abc', 'abc')).toBe(0);
    expect(distance('abc', 'acb')).toBe(1);
    expect(distance('kitten', 'sitting')).toBe(3);
    expect(listNames(['a', 'b', 'c'], 2)).toBe('a, b, ...');
  });
});
