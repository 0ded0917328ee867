import { rowFunction } from '../row-function.js';
import type { ScalarFunction } from '../types.js';

/**
 * Request paths collapsed into routes, so `/api/users/123` and `/api/users/456` group as
 * `/api/users/*`. px sees bytes, not the application's router, so it guesses as Beyla's
 * heuristic does: a segment that looks like an identifier becomes `*`, anything that reads
 * like a word stays. Rules, per `/`-separated segment (classified percent-decoded, written
 * back as sent):
 *
 * - kept: empty segments (so `//` and a trailing `/` survive), version segments (`v1`,
 *   `v1.41`, `v2beta1`), and everything not matched below;
 * - `*`: numbers and other digit-and-separator runs (`123`, `-1.5`, `2024-01-05`), UUIDs,
 *   hex of 8 or more characters with a digit, e-mail addresses, segments with a letter and
 *   4 or more digits (or 3 or more digits outnumbering the letters: `user1234`, `a123`),
 *   and generated tokens (base64/base64url/JWT text with a run of 16+ letters and digits
 *   holding both, or of 20+ letters mixing upper and lower case evenly).
 *
 * The query string and fragment are dropped; an absolute-form target
 * (`http://host:8080/a/1`) keeps only its path.
 */

const SCHEME_AND_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i;
const VERSION = /^v\d{1,3}(\.\d{1,3}){0,2}([a-z]{1,8}\d{0,3})?$/i;
const NUMERIC = /^[-+]?[\d.,:_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{8,}$/i;
const TOKEN = /^[A-Za-z0-9+/=_.~-]+$/;

/** Shortest run counted as generated: of letters and digits, and of letters alone. */
const TOKEN_WITH_DIGIT = 16;
const TOKEN_MIXED_CASE = 20;

/**
 * Routes already computed, by path. A live view re-runs the same script over the same rows
 * every refresh, and each store chunk has its own dictionary, so the same paths come back
 * again and again; the cache is cleared when full rather than tracked per entry.
 */
const MEMO_LIMIT = 1 << 16;
const memo = new Map<string, string>();

export function collapsePath(path: string): string {
  let route = memo.get(path);
  if (route === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    route = collapseUncached(path);
    memo.set(path, route);
  }
  return route;
}

function collapseUncached(path: string): string {
  const target = path.split(/[?#]/, 1)[0] ?? '';
  const absolute = SCHEME_AND_AUTHORITY.exec(target);
  const route = absolute === null ? target : target.slice(absolute[0].length) || '/';
  return route
    .split('/')
    .map((segment) => (isIdentifier(decoded(segment)) ? '*' : segment))
    .join('/');
}

/** The segment percent-decoded, or as sent when its escapes are malformed. */
function decoded(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isIdentifier(segment: string): boolean {
  if (segment === '') return false;
  const { digits, letters } = tally(segment);
  // A short plain word: by far the most common segment, and never an identifier.
  if (digits === 0 && letters === segment.length && letters < TOKEN_MIXED_CASE) return false;
  if (VERSION.test(segment)) return false;
  if (digits > 0 && (NUMERIC.test(segment) || HEX.test(segment))) return true;
  if (UUID.test(segment) || isEmail(segment)) return true;
  if (letters > 0 && (digits >= 4 || (digits >= 3 && digits > letters))) return true;
  return isRandomToken(segment);
}

/** `local@domain.tld`, checked without a backtracking pattern (segments can be long). */
function isEmail(segment: string): boolean {
  const at = segment.indexOf('@');
  if (at <= 0 || segment.indexOf('@', at + 1) >= 0 || /\s/.test(segment)) return false;
  const dot = segment.lastIndexOf('.');
  return dot > at + 1 && dot < segment.length - 1;
}

/** A long run of letters and digits that looks generated (separators split runs: `a-b.js`). */
function isRandomToken(segment: string): boolean {
  if (segment.length < TOKEN_WITH_DIGIT || !TOKEN.test(segment)) return false;
  return segment.split(/[^A-Za-z0-9]+/).some((run) => {
    if (run.length < TOKEN_WITH_DIGIT) return false;
    const { letters, upper } = tally(run);
    if (letters > 0 && letters < run.length) return true;
    if (run.length < TOKEN_MIXED_CASE) return false;
    return upper >= 0.3 * letters && letters - upper >= 0.3 * letters;
  });
}

const NON_ASCII_LETTER = /\p{L}/u;

/** Decimal digits, letters (any script) and ASCII capitals, counted in one pass. */
function tally(text: string): { digits: number; letters: number; upper: number } {
  let digits = 0;
  let letters = 0;
  let upper = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= 48 && code <= 57) digits++;
    else if (code >= 65 && code <= 90) {
      letters++;
      upper++;
    } else if (code >= 97 && code <= 122) letters++;
    else if (code > 127 && NON_ASCII_LETTER.test(char)) letters++;
  }
  return { digits, letters, upper };
}

export const collapsePathFunction: ScalarFunction = rowFunction({
  name: 'collapse_path',
  summary:
    'collapse_path(path): the route of a request path: no query string, identifier segments (numbers, UUIDs, hex, e-mails, tokens) as *.',
  params: ['STRING'],
  result: 'STRING',
  dictArg: 0,
  fn: ([path]) => collapsePath(path as string),
});
