import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PxlError } from '../errors.js';
import { runScript } from '../run.js';
import { courseData, NOW } from './testing/course-data.js';

/**
 * Scripts are untrusted input to a process running as root: whatever the text, compiling and
 * running it ends in results or a PxlError, never in another exception.
 */
const read = (dir: string) => {
  const path = fileURLToPath(new URL(dir, import.meta.url));
  return readdirSync(path)
    .filter((f) => f.endsWith('.pxl'))
    .map((f) => readFileSync(path + f, 'utf8'));
};
const scripts = [
  ...read('../syntax/fixtures/course/'),
  ...read('fixtures/dialect/'),
  ...read('fixtures/errors/'),
];
const words = [
  'df',
  'px',
  'latency',
  'upid',
  'ctx',
  "['pod']",
  'groupby',
  'agg',
  'merge',
  'head',
  '(',
  ')',
  '[',
  ']',
  '0',
  '-1',
  "'-5m'",
  'None',
  'True',
  'lambda x: x',
  'px.count',
  'px.mean(x)',
  '.',
  ',',
  '+',
  '/',
  'if',
  'return',
  'px.DataFrame',
  "'http_events'",
  'px.display',
  'df.service',
  'px.nslookup',
  'px.upid_to_pid',
  '1e308',
  '__proto__',
];
const data = courseData(7);

function attempt(source: string): void {
  try {
    runScript(source, {
      store: data.store,
      metadata: data.metadata,
      now: NOW,
      limits: { maxRows: 100_000 },
    });
  } catch (error) {
    if (!(error instanceof PxlError)) throw error;
  }
}

describe('robustness', () => {
  it('survives course and dialect scripts with names and literals swapped', () => {
    const names = [
      'df',
      'px',
      'ctx',
      'service',
      'groupby',
      'agg',
      'count',
      'x',
      'time_',
      'upid',
      'None',
      'True',
      '0',
      "'pod'",
      "'-5m'",
      "'upid'",
      'head',
      'merge',
      'append',
      'quantiles',
      'select',
      'nslookup',
      'DataFrame',
      'display',
      '[1]',
      '(1, 2)',
      "{'a': 1}",
      'lambda y: y',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...scripts),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...names)), { minLength: 1, maxLength: 3 }),
        (script, edits) => {
          // Odd positions hold identifiers, quoted strings and numbers.
          const tokens = script.split(/([A-Za-z_][A-Za-z0-9_]*|'[^'\n]*'|\d+)/);
          for (const [at, name] of edits)
            tokens[(at % Math.floor(tokens.length / 2)) * 2 + 1] = name;
          attempt(tokens.join(''));
        },
      ),
      { numRuns: 400, seed: 1234 },
    );
  });

  it('survives token-level edits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...scripts),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...words)), { maxLength: 6 }),
        (script, edits) => {
          const tokens = script.split(/(\s+)/);
          for (const [at, length, word] of edits)
            tokens.splice(at % (tokens.length + 1), length % 3, word);
          attempt(tokens.join(''));
        },
      ),
      { numRuns: 300, seed: 1234 },
    );
    expect(scripts.length).toBeGreaterThan(20);
  });

  it('survives random text built from PxL words', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words, ' ', '\n', '    ', '=', ':'), { maxLength: 40 }),
        (parts) => {
          attempt(`import px\n${parts.join('')}`);
        },
      ),
      { numRuns: 300, seed: 99 },
    );
  });
});
