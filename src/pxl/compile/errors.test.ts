import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Store } from '../../store/index.js';
import { PxlError } from '../errors.js';
import { compileScript } from '../run.js';
import { parseVisSpec } from '../vis.js';

/**
 * One script per kind of check error, with the exact rendered message beside it. To add a
 * case: write `<case>.pxl` (and `<case>.vis.json`, `<case>.args.json` for exec-func mode),
 * render it, read the text, save it as `<case>.txt`.
 */
const DIR = fileURLToPath(new URL('fixtures/errors/', import.meta.url));
const NOW = 1_750_000_000_000_000_000n;
const tables = new Store({ budgetBytes: 1 << 20 });

export function renderFixture(name: string): string {
  const read = (ext: string) => {
    const path = join(DIR, name + ext);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const vis = read('.vis.json');
  const args = read('.args.json');
  try {
    compileScript(read('.pxl') ?? '', {
      fileName: `${name}.pxl`,
      now: NOW,
      tables,
      ...(vis === undefined ? {} : { vis: parseVisSpec(JSON.parse(vis)) }),
      ...(args === undefined ? {} : { args: JSON.parse(args) as string[] }),
    });
  } catch (error) {
    if (error instanceof PxlError) return `${error.render()}\n`;
    throw error;
  }
  return 'compiled without errors\n';
}

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.pxl'))
  .map((f) => f.slice(0, -'.pxl'.length))
  .sort();

describe('check error fixtures', () => {
  it('covers every required class', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'unknown-column',
        'unknown-function',
        'unknown-table',
        'wrong-arity',
        'missing-required-argument',
        'bad-time-string',
        'not-a-dataframe',
        'unsupported-import',
      ]),
    );
  });

  it.each(cases)('%s', (name) => {
    expect(renderFixture(name)).toBe(readFileSync(join(DIR, `${name}.txt`), 'utf8'));
  });
});
