import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUnsafeForTerminal, PxlSyntaxError, renderDiagnostics } from '../errors.js';
import { parsePxl, parsePxlOrThrow } from './parse.js';
import { allNodes } from './walk.js';

/** Pieces of PxL (and of things PxL refuses) that random scripts are stitched from. */
const FRAGMENTS = [
  'import px',
  'from px import x',
  'df',
  'px.DataFrame',
  '.agg(',
  '.groupby',
  'x',
  ' = ',
  '+= ',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  ';',
  '\n',
  '\r\n',
  '    ',
  '  ',
  '\t',
  'def ',
  'if ',
  'elif ',
  'else',
  'return ',
  'pass',
  'lambda ',
  'for ',
  'class ',
  ' in ',
  'not ',
  ' and ',
  ' or ',
  ' if ',
  ' else ',
  '@',
  '->',
  '==',
  '<',
  '+',
  '-',
  '*',
  '**',
  '//',
  '~',
  '1',
  '1.5e3',
  '0x1F',
  '007',
  "'s'",
  '"t"',
  '"""doc',
  '"""',
  "r'\\d'",
  "b'x'",
  "'\\x4'",
  '\\\n',
  '\\',
  '# note',
  '$',
  '\u00a0',
  ':=',
  '*args',
];

const scripts = fc
  .array(fc.constantFrom(...FRAGMENTS), { maxLength: 80 })
  .map((parts) => parts.join(''));
const anyText = fc.string({ unit: 'binary', maxLength: 200 });
const utf16Units = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 100 })
  .map((codes) => String.fromCharCode(...codes));
const inputs = fc.oneof(scripts, anyText, utf16Units);

/** Parses, checking every invariant a caller may rely on, whatever the input. */
function checkParse(source: string): void {
  const result = parsePxl(source, 'random.pxl');
  if (result.ok) {
    for (const node of allNodes(result.value)) {
      expect(node.span.start.offset).toBeLessThanOrEqual(node.span.end.offset);
      expect(node.span.end.offset).toBeLessThanOrEqual(source.length);
    }
    return;
  }
  expect(result.diagnostics.length).toBeLessThanOrEqual(20);
  for (const d of result.diagnostics) {
    expect(d.span.start.line).toBeGreaterThanOrEqual(1);
    expect(d.span.start.col).toBeGreaterThanOrEqual(1);
    expect(d.span.end.offset).toBeLessThanOrEqual(source.length);
    expect(d.message).not.toBe('');
  }
  const rendered = renderDiagnostics(result.diagnostics, { name: 'random.pxl', text: source });
  expect(rendered.startsWith('random.pxl:')).toBe(true);
  // Neither messages nor excerpts may smuggle terminal control sequences through.
  expect(Array.from(rendered).filter((ch) => ch !== '\n' && isUnsafeForTerminal(ch))).toEqual([]);
}

describe('parser robustness (fast-check)', () => {
  it('never throws from parsePxl, and reports sane diagnostics', () => {
    fc.assert(fc.property(inputs, checkParse), { numRuns: 1500 });
  });

  it('throws nothing but PxlSyntaxError from parsePxlOrThrow', () => {
    fc.assert(
      fc.property(inputs, (source) => {
        try {
          parsePxlOrThrow(source);
        } catch (error) {
          expect(error).toBeInstanceOf(PxlSyntaxError);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('survives pathological nesting and size', () => {
    for (const source of [
      '('.repeat(100_000),
      '['.repeat(5000) + ']'.repeat(5000),
      `x = ${'-'.repeat(100_000)}1`,
      `x = ${'not '.repeat(20_000)}a`,
      `x = ${'a**'.repeat(20_000)}a`,
      `x = ${'a if b else '.repeat(5000)}c`,
      `x = ${'lambda: '.repeat(5000)}c`,
      Array.from({ length: 500 }, (_, i) => `${' '.repeat(i)}if a:`).join('\n'),
      'x = ' + '1 + '.repeat(50_000) + '1',
      "'" + 'a'.repeat(100_000),
      '$'.repeat(100_000),
    ]) {
      checkParse(source);
    }
  });
});
