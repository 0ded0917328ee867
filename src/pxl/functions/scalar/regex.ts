import { compileRegex, MAX_REGEX_INPUT } from '../regex-guard.js';
import { rowFunction } from '../row-function.js';
import { checkConstant } from '../signature.js';
import type { ArgInfo, ScalarFunction } from '../types.js';

/** Compiled patterns by source, so a pattern is checked and compiled once per query plan. */
function patternCache(flags: '' | 'g', fullMatch: boolean) {
  const cache = new Map<string, RegExp | string>();
  return (pattern: string): RegExp | string => {
    let re = cache.get(pattern);
    if (re === undefined) {
      re = compileRegex(pattern, flags, fullMatch);
      cache.set(pattern, re);
    }
    return re;
  };
}

const fullMatchPattern = patternCache('', true);
const searchPattern = patternCache('g', false);

function checkPattern(fn: string, compile: (p: string) => RegExp | string) {
  return (args: readonly ArgInfo[]): string | undefined => {
    const problem = checkConstant(fn, args, 0, 'pattern');
    if (problem !== undefined) return problem;
    const re = compile(String(args[0]?.value));
    return typeof re === 'string' ? `px.${fn}: ${re}` : undefined;
  };
}

/** RE2 writes group references in replacements as \1; JavaScript as $1 (and $ is special). */
function translateReplacement(replacement: string): string {
  return replacement.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
}

export const REGEX_FUNCTIONS: readonly ScalarFunction[] = [
  rowFunction({
    name: 'regex_match',
    summary: 'regex_match(pattern, s): whether all of s matches the RE2 pattern.',
    params: ['STRING', 'STRING'],
    result: 'BOOLEAN',
    dictArg: 1,
    check: checkPattern('regex_match', fullMatchPattern),
    fn: ([pattern, text]) => {
      const re = fullMatchPattern(pattern as string) as RegExp;
      return (text as string).length <= MAX_REGEX_INPUT && re.test(text as string);
    },
  }),
  rowFunction({
    name: 'replace',
    summary: 'replace(pattern, s, replacement): s with every match of pattern replaced.',
    params: ['STRING', 'STRING', 'STRING'],
    result: 'STRING',
    dictArg: 1,
    check: checkPattern('replace', searchPattern),
    fn: ([pattern, text, replacement]) => {
      const re = searchPattern(pattern as string) as RegExp;
      if ((text as string).length > MAX_REGEX_INPUT) return text as string;
      return (text as string).replace(re, translateReplacement(replacement as string));
    },
  }),
];
