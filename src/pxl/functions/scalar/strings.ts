import { rowFunction } from '../row-function.js';
import type { ScalarFunction } from '../types.js';

/**
 * String functions. Positions and lengths count UTF-16 code units (characters for text in the
 * Basic Multilingual Plane); Pixie counts UTF-8 bytes, which agrees for ASCII.
 */
const s = (v: unknown): string => v as string;
const n = (v: unknown): number => v as number;

export const STRING_FUNCTIONS: readonly ScalarFunction[] = [
  rowFunction({
    name: 'contains',
    summary: 'contains(s, sub): whether s contains sub (an empty sub matches everything).',
    params: ['STRING', 'STRING'],
    result: 'BOOLEAN',
    dictArg: 0,
    fn: ([text, sub]) => s(text).includes(s(sub)),
  }),
  rowFunction({
    name: 'substring',
    summary:
      "substring(s, pos, length): the part of s from pos, at most length long; '' when out of range.",
    params: ['STRING', 'INT64', 'INT64'],
    result: 'STRING',
    dictArg: 0,
    fn: ([text, pos, length]) => substring(s(text), n(pos), n(length)),
  }),
  rowFunction({
    name: 'find',
    summary: 'find(s, sub): the position of the first sub in s, or -1.',
    params: ['STRING', 'STRING'],
    result: 'INT64',
    dictArg: 0,
    fn: ([text, sub]) => s(text).indexOf(s(sub)),
  }),
  rowFunction({
    name: 'length',
    summary: 'length(s): the length of s.',
    params: ['STRING'],
    result: 'INT64',
    dictArg: 0,
    fn: ([text]) => s(text).length,
  }),
  rowFunction({
    name: 'strip_prefix',
    summary: 'strip_prefix(prefix, s): s without prefix when it starts with it.',
    params: ['STRING', 'STRING'],
    result: 'STRING',
    dictArg: 1,
    fn: ([prefix, text]) =>
      s(text).startsWith(s(prefix)) ? s(text).slice(s(prefix).length) : s(text),
  }),
  rowFunction({
    name: 'tolower',
    summary: 'tolower(s): s in lower case.',
    params: ['STRING'],
    result: 'STRING',
    dictArg: 0,
    fn: ([text]) => s(text).toLowerCase(),
  }),
  rowFunction({
    name: 'toupper',
    summary: 'toupper(s): s in upper case.',
    params: ['STRING'],
    result: 'STRING',
    dictArg: 0,
    fn: ([text]) => s(text).toUpperCase(),
  }),
  rowFunction({
    name: 'trim',
    summary: 'trim(s): s without leading and trailing white space.',
    params: ['STRING'],
    result: 'STRING',
    dictArg: 0,
    fn: ([text]) => s(text).trim(),
  }),
  rowFunction({
    name: 'atoi',
    summary: 'atoi(s, default): s as an integer, or default when s is not one.',
    params: ['STRING', 'INT64'],
    result: 'INT64',
    dictArg: 0,
    fn: ([text, fallback]) => atoi(s(text), n(fallback)),
  }),
  rowFunction({
    name: 'split',
    summary: 'split(s, delimiter): the parts of s as a JSON array of strings.',
    params: ['STRING', 'STRING'],
    result: 'STRING',
    dictArg: 0,
    fn: ([text, delimiter]) => JSON.stringify(s(text).split(s(delimiter))),
  }),
  ...['has_service_name', 'has_service_id', 'has_value'].map((name) =>
    rowFunction({
      name,
      summary: `${name}(value, x): whether value is x, or a JSON array holding it.`,
      params: ['STRING', 'STRING'],
      result: 'BOOLEAN',
      dictArg: 0,
      fn: ([value, x]) => hasValue(s(value), s(x)),
    }),
  ),
  rowFunction({
    name: 'itoa',
    summary: 'itoa(n): the integer n as text.',
    params: ['INT64'],
    result: 'STRING',
    fn: ([value]) => String(Math.trunc(n(value))),
  }),
];

function substring(text: string, pos: number, length: number): string {
  if (pos < 0 || pos > text.length || length <= 0) return '';
  return text.slice(pos, pos + length);
}

const INTEGER = /^[+-]?\d{1,16}$/;

function atoi(text: string, fallback: number): number {
  const trimmed = text.trim();
  return INTEGER.test(trimmed) ? Number(trimmed) : fallback;
}

/**
 * A pod behind several services has a JSON array of names as its service (`["ns/a","ns/b"]`);
 * one service is the plain name. Pixie's has_value and has_service_id apply the same test.
 */
function hasValue(value: string, x: string): boolean {
  if (!value.startsWith('[')) return value === x;
  try {
    const items: unknown = JSON.parse(value);
    return Array.isArray(items) && items.includes(x);
  } catch {
    return value === x;
  }
}
