/**
 * PxL regexes are RE2 (linear time); JavaScript's are backtracking, where a pattern such as
 * `(a+)+$` takes exponential time. px runs as root beside the capture, so patterns are
 * checked before use: bounded size, no nested repetition, and no backreferences or
 * lookaround (RE2 has neither). Inputs longer than MAX_REGEX_INPUT never match, which bounds
 * the remaining polynomial cases.
 */
export const MAX_PATTERN_LENGTH = 512;
export const MAX_REGEX_INPUT = 16 * 1024;

interface Frame {
  repeats: boolean;
  alternates: boolean;
}

/** A RegExp for `pattern` (RE2 syntax), or a sentence saying why it is refused. */
export function compileRegex(
  pattern: string,
  flags: '' | 'g',
  fullMatch: boolean,
): RegExp | string {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  const { body, inline } = inlineFlags(pattern);
  const problem = checkShape(body);
  if (problem !== undefined) return problem;
  const source = fullMatch ? `^(?:${body})$` : body;
  const translated = source.replace(/\(\?P</g, '(?<');
  for (const unicode of ['u', '']) {
    try {
      return new RegExp(translated, flags + inline + unicode);
    } catch {
      // Retry without 'u': it rejects escapes such as \- that RE2 accepts.
    }
  }
  return `invalid regular expression: ${pattern}`;
}

/** RE2's leading `(?i)`, `(?s)`, `(?m)` become JavaScript flags. */
function inlineFlags(pattern: string): { body: string; inline: string } {
  const match = /^\(\?([ism]+)\)/.exec(pattern);
  if (match === null) return { body: pattern, inline: '' };
  return { body: pattern.slice(match[0].length), inline: [...new Set(match[1])].join('') };
}

function checkShape(pattern: string): string | undefined {
  const stack: Frame[] = [{ repeats: false, alternates: false }];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const top = stack[stack.length - 1] as Frame;
    if (ch === '\\') {
      if (/[1-9k]/.test(pattern[i + 1] ?? '')) return 'backreferences are not supported (RE2)';
      i++;
    } else if (ch === '[') {
      i = classEnd(pattern, i);
    } else if (ch === '(') {
      if (/^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) return 'lookaround is not supported (RE2)';
      stack.push({ repeats: false, alternates: false });
    } else if (ch === '|') {
      top.alternates = true;
    } else if (ch === ')') {
      if (stack.length === 1) return 'unbalanced parenthesis';
      const group = stack.pop() as Frame;
      const quantifier = quantifierAt(pattern, i + 1);
      if (quantifier.repeats && (group.repeats || group.alternates)) {
        return 'repeating a group that itself repeats or alternates can take exponential time; simplify the pattern';
      }
      const parent = stack[stack.length - 1] as Frame;
      parent.repeats ||= group.repeats || quantifier.repeats;
      i += quantifier.length;
    } else {
      const quantifier = quantifierAt(pattern, i);
      if (quantifier.repeats) top.repeats = true;
      i += Math.max(0, quantifier.length - 1);
    }
  }
  return stack.length === 1 ? undefined : 'unbalanced parenthesis';
}

function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return i;
}

/** The quantifier starting at `at` (if any): whether it allows more than one repetition. */
function quantifierAt(pattern: string, at: number): { repeats: boolean; length: number } {
  const ch = pattern[at];
  if (ch === '*' || ch === '+') return { repeats: true, length: lazyLength(pattern, at + 1, 1) };
  if (ch === '?') return { repeats: false, length: lazyLength(pattern, at + 1, 1) };
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
  if (braces === null) return { repeats: false, length: 0 };
  const max =
    braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  return { repeats: max > 1, length: lazyLength(pattern, at + braces[0].length, braces[0].length) };
}

function lazyLength(pattern: string, after: number, length: number): number {
  return pattern[after] === '?' ? length + 1 : length;
}
