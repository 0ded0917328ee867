import { rowFunction } from '../row-function.js';
import type { ScalarFunction } from '../types.js';

/**
 * JSON functions over strings such as headers and Pixie's quantiles. A missing key, a wrong
 * kind of value or text that is not JSON gives the type's empty value ('' or 0), as in Pixie.
 * Keys are looked up as own properties only, so '__proto__' or 'constructor' find nothing
 * that the JSON text did not put there.
 */
const NOT_FOUND = Symbol('not found');

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_FOUND;
  }
}

function member(text: string, key: string): unknown {
  const doc = parse(text);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return NOT_FOUND;
  return Object.hasOwn(doc, key) ? (doc as Record<string, unknown>)[key] : NOT_FOUND;
}

function element(text: string, index: number): unknown {
  const doc = parse(text);
  if (!Array.isArray(doc) || index < 0 || index >= doc.length) return NOT_FOUND;
  return doc[index] as unknown;
}

/** A plucked value as Pixie shows it: strings bare, anything else as JSON text. */
function asText(value: unknown): string {
  if (value === NOT_FOUND || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const JSON_FUNCTIONS: readonly ScalarFunction[] = [
  rowFunction({
    name: 'pluck',
    summary: "pluck(json, key): the value at key as text ('' when absent).",
    params: ['STRING', 'STRING'],
    result: 'STRING',
    dictArg: 0,
    fn: ([json, key]) => asText(member(json as string, key as string)),
  }),
  rowFunction({
    name: 'pluck_float64',
    summary: 'pluck_float64(json, key): the number at key (0 when absent or not a number).',
    params: ['STRING', 'STRING'],
    result: 'FLOAT64',
    dictArg: 0,
    fn: ([json, key]) => {
      const value = member(json as string, key as string);
      return typeof value === 'number' ? value : 0;
    },
  }),
  rowFunction({
    name: 'pluck_int64',
    summary: 'pluck_int64(json, key): the integer at key (0 when absent or not an integer).',
    params: ['STRING', 'STRING'],
    result: 'INT64',
    dictArg: 0,
    fn: ([json, key]) => {
      const value = member(json as string, key as string);
      return Number.isInteger(value) ? (value as number) : 0;
    },
  }),
  rowFunction({
    name: 'pluck_array',
    summary: "pluck_array(json_array, index): the element at index as text ('' when absent).",
    params: ['STRING', 'INT64'],
    result: 'STRING',
    dictArg: 0,
    fn: ([json, index]) => asText(element(json as string, index as number)),
  }),
];
