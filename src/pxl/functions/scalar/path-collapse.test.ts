import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { call, col, str } from '../../plan/expr.js';
import { scalarFunction } from '../registry.js';
import { collapsePath } from './path-collapse.js';

const cases: [string, string][] = [
  // Degenerate paths.
  ['', ''],
  ['/', '/'],
  ['*', '*'],
  ['?a=1', ''],
  ['/?a=1', '/'],
  // Query strings and fragments go.
  ['/api/users?id=7&page=2', '/api/users'],
  ['/docs#section-12', '/docs'],
  ['/search?q=a/b/123', '/search'],
  // The brief's example and its relatives.
  ['/api/users/123/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0', '/api/users/*/orders/*'],
  ['/api/users/123/', '/api/users/*/'],
  ['/api/users/', '/api/users/'],
  ['//api//7', '//api//*'],
  ['relative/42', 'relative/*'],
  // Numbers and digit runs.
  ['/items/0', '/items/*'],
  ['/items/-1.5', '/items/*'],
  ['/reports/2024-01-05', '/reports/*'],
  ['/at/12:30:00', '/at/*'],
  ['/calls/+4915112345678', '/calls/*'],
  ['/dash/-', '/dash/-'],
  // UUIDs and hex.
  ['/orders/123e4567-e89b-12d3-a456-426614174000', '/orders/*'],
  ['/orders/123E4567-E89B-12D3-A456-426614174000/items', '/orders/*/items'],
  ['/commits/5f3a9c1b', '/commits/*'],
  ['/blobs/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '/blobs/*'],
  ['/colors/abc123', '/colors/abc123'], // hex, but shorter than 8
  ['/words/deadbeefcafe', '/words/deadbeefcafe'], // hex letters only: could be a word
  // E-mail addresses, plain and percent-encoded.
  ['/users/jane.doe@example.com/settings', '/users/*/settings'],
  ['/users/jane%40example.com', '/users/*'],
  ['/users/@handle', '/users/@handle'],
  ['/users/a@b', '/users/a@b'],
  // Mixed letters and digits.
  ['/users/user1234', '/users/*'],
  ['/users/a123', '/users/*'],
  ['/tickets/INC-20240105', '/tickets/*'],
  ['/static/jquery-3.6.0.min.js', '/static/jquery-3.6.0.min.js'],
  ['/downloads/python-3.11.4.tar.gz', '/downloads/*'],
  ['/errors/404.html', '/errors/404.html'],
  ['/auth/oauth2/token', '/auth/oauth2/token'],
  ['/hash/sha256', '/hash/sha256'],
  ['/net/ipv6/x86', '/net/ipv6/x86'],
  // Tokens.
  ['/share/aZ3xK9pQ2mN7bV4c', '/share/*'],
  ['/verify/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r', '/verify/*'],
  ['/invite/QmFzZTY0RW5jb2RlZA==', '/invite/*'],
  ['/links/xKqTbWnRzPmLyHvGdFsA', '/links/*'], // 20 letters, half upper half lower
  ['/api/getUserProfileSettings', '/api/getUserProfileSettings'], // camelCase word
  ['/api/ALL_CAPS_CONSTANT_NAME', '/api/ALL_CAPS_CONSTANT_NAME'],
  ['/blog/a-long-post-title-with-words', '/blog/a-long-post-title-with-words'],
  // Versions stay.
  ['/v1/users/9', '/v1/users/*'],
  ['/api/V2/items', '/api/V2/items'],
  ['/v1.41/containers/create', '/v1.41/containers/create'],
  ['/apis/apps/v1beta1/deployments', '/apis/apps/v1beta1/deployments'],
  ['/v20240105/x', '/*/x'], // too many digits for a version
  // Percent-encoding: classified decoded, written back as sent.
  ['/users/%31%32%33', '/users/*'],
  ['/printable_%F0%9F%98%84', '/printable_%F0%9F%98%84'],
  ['/caf%C3%A9/menu', '/caf%C3%A9/menu'],
  ['/bad/%E0%A4%A/7', '/bad/%E0%A4%A/*'], // malformed escape: classified as sent
  ['/non_printable_%07', '/non_printable_%07'],
  // Absolute-form targets (requests to a proxy) keep only the path.
  ['http://example.com:8080/api/users/5?x=1', '/api/users/*'],
  ['https://example.com', '/'],
];

describe('collapsePath', () => {
  it.each(cases)('%j → %j', (path, route) => {
    expect(collapsePath(path)).toBe(route);
  });

  it('is idempotent and never lengthens a path without a query', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9%@._~:+=-]{0,24}$/);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        const path = `/${segments.join('/')}`;
        const route = collapsePath(path);
        expect(collapsePath(route)).toBe(route);
        expect(route.split('/')).toHaveLength(path.split('/').length);
      }),
    );
  });

  it('stays linear on long adversarial segments', () => {
    const long = `/${'1'.repeat(200_000)}x/${'a@'.repeat(50_000)}/${'b'.repeat(100_000)}.`;
    expect(collapsePath(long).split('/')).toHaveLength(4);
  });
});

describe('px.collapse_path', () => {
  it('is registered and checks its argument types', () => {
    const fn = scalarFunction('collapse_path');
    expect(fn?.summary).toContain('collapse_path(path)');
    expect(fn?.bind([{ type: 'INT64', semantic: 'ST_NONE' }])).toBe(
      'px.collapse_path takes (STRING), got (INT64)',
    );
  });

  it('collapses a string column row by row', () => {
    const rows = requestRows(40);
    const store = storeWith(rows);
    const result = evaluate(store, call('collapse_path', col('path')));
    expect(result.values).toEqual(rows.map((r) => r.path.replace(/\/\d+$/, '/*')));
  });

  it('collapses a constant', () => {
    const store = storeWith(requestRows(3));
    const result = evaluate(store, call('collapse_path', str('/u/42?x')));
    expect(result.values).toEqual(['/u/*', '/u/*', '/u/*']);
  });
});
